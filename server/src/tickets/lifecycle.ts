import type { Deps } from '../core/deps';
import { ApiError } from '../http/errors';
import { changeConversationWithLines, type ChangeExtras, type ConversationPatch } from '../conversations/change';
import { conversationContext } from '../conversations/context';
import type { TicketLifecycle } from '../conversations/inbox-routes';
import { nextReference } from './commands';

/** Sends a line of the ticket's thread to the visitor's email (the email follow-up, by name where it is mounted). */
export type MailLine = (conversationId: string, messageId: number) => Promise<void>;

/**
 * A ticket's side of an agent's change (PATCH /v1/inbox/conversations/:id), in the change's
 * one transaction: `pending` asks the customer a question, sent as the agent's reply; a
 * resolve tells them it is resolved and how to reopen it; a chat made a ticket takes the
 * site's next reference (a gap if the change then fails: references are never reused) and
 * tells the visitor, whose replies then go to their email too; a ticket made a chat again
 * leaves the statuses a chat cannot have. Each line is mailed once committed.
 */
export function ticketLifecycle(deps: Deps, mail: MailLine): TicketLifecycle {
  return {
    concerns: (conversation, input) => conversation.kind === 'ticket' || input.kind !== undefined || input.status === 'pending' || input.status === 'closed',

    async change(conversation, input, patch, agentId) {
      const kind = input.kind ?? conversation.kind;
      if (kind === 'chat' && (input.status === 'pending' || input.status === 'closed'))
        throw new ApiError(400, 'invalid_request', `status: "${input.status}" is for tickets only`);
      const { texts } = (await conversationContext(deps.db, conversation.id))!;
      const next: ConversationPatch = { ...patch };
      const extras: ChangeExtras = {};
      let reference = conversation.reference;
      if (input.kind === 'ticket') {
        next.subject = input.subject;
        if (conversation.kind === 'chat') {
          // A chat that was a ticket before keeps the reference it was given.
          reference ??= await nextReference(deps.db, conversation.siteId);
          Object.assign(next, { kind: 'ticket', reference, emailFollowUp: true });
          if (conversation.status === 'bot' && !next.status) next.status = 'queued';
          extras.systemMessage = { body: texts.ticket.converted(reference, input.subject!), meta: { ticket: 'converted' } };
        }
      } else if (input.kind === 'chat' && conversation.kind === 'ticket') {
        next.kind = 'chat';
        const status = next.status ?? conversation.status;
        if (status === 'pending') next.status = 'open';
        if (status === 'closed') next.status = 'resolved';
      }
      if (input.status === 'pending') {
        extras.reply = { authorAgentId: agentId, body: input.question!, meta: { ticket: 'pending' } };
        // Whoever asks the customer owns the answer.
        if (!conversation.assigneeId && next.assigneeId === undefined) next.assigneeId = agentId;
      }
      if (kind === 'ticket' && next.status === 'resolved' && conversation.status !== 'resolved' && !extras.systemMessage)
        extras.systemMessage = { body: texts.ticket.resolved(reference!), meta: { ticket: 'resolved' } };
      if (Object.keys(next).length === 0) return;
      const done = await changeConversationWithLines(deps, conversation.id, next, { type: 'agent', agentId }, extras);
      for (const id of done?.lineIds ?? []) await mail(conversation.id, id);
    },
  };
}
