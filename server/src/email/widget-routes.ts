import { Hono } from 'hono';
import { ConversationParams, TranscriptBody, type TranscriptResult } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import { ownConversation, visibleMessages } from '../conversations/queries';
import { ApiError } from '../http/errors';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { visitorTexts } from '../i18n/texts';
import { siteSettings } from '../sites/sites';
import type { WidgetEnv } from '../auth/visitor-auth';
import { replyAddress } from './reply-address';
import type { Mailer } from './mailer';
import { renderTranscript } from './transcript';

// The visitor picks the address, so each conversation may send only a few: 3 at once, then
// 3 a day. With transcripts only for ended conversations (which only agents end), nobody can
// turn this into a way to mail arbitrary addresses in bulk.
const SENDS_PER_CONVERSATION = 3;
// Far beyond any chat; a bound keeps one mail a sane size.
const MAX_MESSAGES = 10_000;

/** POST /v1/widget/conversations/:id/transcript: the visible transcript of an ended conversation, by email. */
export function transcriptWidgetRoutes(deps: Deps, { mailer }: { mailer: Mailer }) {
  const perConversation = rateLimiter(deps, 'transcripts-per-conversation', SENDS_PER_CONVERSATION / (24 * 60), SENDS_PER_CONVERSATION);
  const host = new URL(deps.config.PUBLIC_URL).hostname;

  return new Hono<WidgetEnv>().post('/', validate('param', ConversationParams), validate('json', TranscriptBody), async (c) => {
    const { conversation, visitor, site } = await ownConversation(c, deps.db, c.req.valid('param').id);
    if (conversation.status !== 'resolved') throw new ApiError(409, 'conflict', 'A transcript is sent once the conversation has ended');
    const to = c.req.valid('json').email ?? visitor.email;
    if (!to) throw new ApiError(400, 'invalid_request', 'email: required, the visitor has not given one');
    if (!(await perConversation.take(conversation.id))) throw new ApiError(429, 'rate_limited', 'This transcript was sent too often: try again tomorrow');
    const texts = visitorTexts(visitor.locale, siteSettings(site).locale);
    const mail = renderTranscript(texts, site.name, await visibleMessages(deps, conversation.id, 0, MAX_MESSAGES));
    try {
      // A reply to the transcript reopens the conversation, as a reply to a follow-up does.
      // Threaded with the conversation's follow-ups, which also lets an erasure find it (outbox-files.ts).
      const thread = `<conversation-${conversation.id}@${host}>`;
      await mailer.send({
        to,
        ...mail,
        messageId: `<transcript-${newId('t')}@${host}>`,
        inReplyTo: thread,
        references: thread,
        replyTo: replyAddress(deps.config, site.secret, conversation.id),
      });
    } catch (err) {
      console.error(`[parley] transcript mail to ${to} failed`, err);
      throw new ApiError(502, 'internal', 'The mail server did not take the transcript: try again later');
    }
    const body: TranscriptResult = { email: to };
    return c.json(body);
  });
}
