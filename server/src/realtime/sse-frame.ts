import type { StreamControlEvent } from '@parley/protocol';
import type { StreamEvent } from './event-bus';

export interface SseFields {
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** An id (or any single-line field) with a line break would end the field early; a NUL makes EventSource ignore an id. */
function oneLine(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(`SSE ${name} must be one line without NUL`);
  return value;
}

/**
 * One Server-Sent Events frame by the WHATWG EventSource parsing rules: every line of `data`
 * (CR, LF or CRLF ends one) is a `data:` line of its own, so the client joins them with LF; a
 * comment is a line starting with a colon, each of its lines likewise; the frame ends with an
 * empty line, which dispatches it.
 */
export function sseFrame(f: SseFields): string {
  let frame = '';
  if (f.comment !== undefined) for (const line of f.comment.split(LINE_BREAK)) frame += `: ${line}\n`;
  if (f.id !== undefined) frame += `id: ${oneLine('id', f.id)}\n`;
  if (f.retry !== undefined) frame += `retry: ${Math.max(0, Math.floor(f.retry))}\n`;
  if (f.data !== undefined) for (const line of f.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

const frames = new WeakMap<StreamEvent | StreamControlEvent, string>();

/**
 * An event's frame, serialised once however many streams it goes to: the bus hands every
 * subscriber the same object, and an agent's event reaches each agent of the account.
 */
export function eventFrame(e: StreamEvent | StreamControlEvent): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    frame = sseFrame({ id: 'id' in e ? String(e.id) : undefined, data: JSON.stringify(e) });
    frames.set(e, frame);
  }
  return frame;
}
