import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { VisitorStreamEvent } from '@parley/protocol';
import { eventFrame, sseFrame } from './sse-frame';

/** What an EventSource makes of `text`, by the WHATWG parsing rules (eventsource-parser implements them). */
function parse(text: string) {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (r) => retries.push(r) });
  parser.feed(text);
  return { events, comments, retries };
}

describe('sseFrame', () => {
  it('sends data of several lines as one event, whichever line break it used', () => {
    for (const data of ['one\ntwo\nthree', 'one\r\ntwo\r\nthree', 'one\rtwo\rthree']) {
      expect(parse(sseFrame({ data })).events).toEqual([{ id: undefined, event: undefined, data: 'one\ntwo\nthree' }]);
    }
  });

  it('keeps empty lines and leading spaces in data, and a colon inside a line', () => {
    const data = '  indented\n\nkey: value\n';
    expect(parse(sseFrame({ data })).events[0]!.data).toBe(data);
  });

  it('sets the id an EventSource reports (and sends back as Last-Event-ID), and refuses one that would break the frame', () => {
    expect(parse(sseFrame({ id: '42', data: '{}' })).events[0]).toMatchObject({ id: '42', data: '{}' });
    for (const id of ['4\n2', '4\r2', '4\u00002']) expect(() => sseFrame({ id, data: '{}' })).toThrow(/one line/);
  });

  it('sends retry as whole milliseconds, and comments that dispatch no event', () => {
    const parsed = parse(sseFrame({ retry: 500.7 }) + sseFrame({ comment: 'heartbeat' }) + sseFrame({ comment: 'two\nlines' }));
    expect(parsed.retries).toEqual([500]);
    expect(parsed.comments).toEqual(['heartbeat', 'two', 'lines']);
    expect(parsed.events).toEqual([]);
  });

  it('frames several events back to back, each dispatched on its own', () => {
    const text = [sseFrame({ id: '1', data: 'a' }), sseFrame({ comment: 'heartbeat' }), sseFrame({ id: '2', data: 'b\nc' })].join('');
    expect(parse(text).events.map((e) => [e.id, e.data])).toEqual([
      ['1', 'a'],
      ['2', 'b\nc'],
    ]);
  });
});

describe('eventFrame', () => {
  const event: Extract<VisitorStreamEvent, { type: 'message.created' }> = {
    id: 7,
    type: 'message.created',
    conversationId: 'c_1',
    message: {
      id: 3,
      conversationId: 'c_1',
      clientId: 'm1',
      body: 'Line one\nline two: "quoted" </script>',
      meta: {},
      author: { type: 'visitor', name: null, avatarUrl: null },
      createdAt: '2026-12-03T00:00:00.000Z',
    },
  };

  it('carries the event as JSON with its id, and the same object as the same frame', () => {
    const frame = eventFrame(event);
    expect(parse(frame).events).toEqual([{ id: '7', event: undefined, data: JSON.stringify(event) }]);
    expect(JSON.parse(parse(frame).events[0]!.data)).toEqual(event);
    expect(eventFrame(event)).toBe(frame);
  });

  it('frames a control event without an id', () => {
    expect(parse(eventFrame({ type: 'stream.replaced' })).events).toEqual([{ id: undefined, event: undefined, data: '{"type":"stream.replaced"}' }]);
  });
});
