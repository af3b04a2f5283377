import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import {
  AgentMessageBody,
  ConversationListQuery,
  ConversationPatchBody,
  InboxConversationParams,
  InboxMessagesQuery,
  ReadBody,
  TypingBody,
  type ChangedBy,
  type Draft,
} from '@parley/protocol';
import { greater } from '../db/dialect';
import type { Deps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { agents, conversationReads, messages } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { slaDeadlines } from '../sla/deadlines';
import { accountConversation } from '../sites/access';
import { findSiteById, siteSettings } from '../sites/sites';
import { postServerMessage } from './commands';
import { changeConversation, type ConversationPatch } from './change';
import { markRead, publishTyping } from './visitor-actions';
import type { ConversationRow } from '../db/rows';
import { conversationDetail, inboxConversation, listInboxConversations } from './inbox-queries';
import { sentByAgent, storedAgentMessage, transcriptPage } from './inbox-transcript';

/** What an agent's actions on a conversation set off beyond its own write, given by name where it is mounted (api/inbox.ts). */
export interface ConversationInboxOptions {
  /** Gives a waiting conversation to an agent with the line the visitor sees: routing's Router. */
  assigner: { assign(conversationId: string, agentId: string, by: ChangedBy): Promise<ConversationRow | undefined> };
  /** Told of each visible agent reply once it is stored: the email follow-up mails it to a visitor who left. */
  onReply: (conversationId: string, messageId: number) => Promise<void>;
  /** Suggests a reply for the agent to edit (docs/spec.md §8); a draft is never sent by itself. */
  drafts: DraftProvider;
  /** Makes the changes that concern a ticket, or a kind's change, with their lines and mails (tickets/lifecycle.ts). */
  tickets: TicketLifecycle;
  /** May refuse a visible reply before it is stored: WhatsApp's 24-hour window (whatsapp/window.ts). */
  beforeReply(conversation: ConversationRow): Promise<void>;
}

export interface TicketLifecycle {
  concerns(conversation: ConversationRow, input: ConversationPatchBody): boolean;
  /** Applies `patch` (what any conversation's change makes of `input`) with what the ticket adds. */
  change(conversation: ConversationRow, input: ConversationPatchBody, patch: ConversationPatch, agentId: string): Promise<void>;
}

export interface DraftProvider {
  draft(conversation: ConversationRow): Promise<Draft>;
}

export function conversationInboxRoutes(deps: Deps, { assigner, onReply, drafts, tickets, beforeReply }: ConversationInboxOptions) {
  const { db } = deps;
  const byAgent = (agentId: string): ChangedBy => ({ type: 'agent', agentId });

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', validate('query', ConversationListQuery), async (c) => c.json(await listInboxConversations(deps, c.get('agent'), c.req.valid('query'))))
    .get('/:id', validate('param', InboxConversationParams), async (c) => {
      const agent = c.get('agent');
      return c.json(await conversationDetail(deps, agent, await accountConversation(db, agent.accountId, c.req.valid('param').id)));
    })
    .get('/:id/messages', validate('param', InboxConversationParams), validate('query', InboxMessagesQuery), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      const { before, limit } = c.req.valid('query');
      return c.json(await transcriptPage(deps, conversation.id, before, limit));
    })
    .post('/:id/messages', validate('param', InboxConversationParams), validate('json', AgentMessageBody), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      const { clientId, body, internal } = c.req.valid('json');
      const existing = await storedAgentMessage(deps, conversation.id, clientId, agent);
      if (existing) return c.json(existing, 200);
      if (!internal) await beforeReply(conversation);
      // Answering a waiting conversation takes it: nobody else should answer it in parallel.
      if (!internal && !conversation.assigneeId && (conversation.status === 'queued' || conversation.status === 'bot')) {
        await assigner.assign(conversation.id, agent.id, byAgent(agent.id));
      }
      const message = await postServerMessage(deps, {
        conversationId: conversation.id,
        authorType: 'agent',
        authorAgentId: agent.id,
        body,
        internal,
        clientId,
      });
      if (!internal) await onReply(conversation.id, message.id);
      // The follow-up queues its mail before it returns, so the answer can already say "sending".
      return c.json(await sentByAgent(db, message, internal), 201);
    })
    .patch('/:id', validate('param', InboxConversationParams), validate('json', ConversationPatchBody), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      const input = c.req.valid('json');
      const by = byAgent(agent.id);

      if (input.assigneeId) {
        const target = (
          await db
            .select({ id: agents.id })
            .from(agents)
            .where(and(eq(agents.id, input.assigneeId), eq(agents.accountId, agent.accountId), isNull(agents.deactivatedAt)))
            .limit(1)
        )[0];
        if (!target) throw notFound('Agent');
        if (target.id !== conversation.assigneeId) await assigner.assign(conversation.id, target.id, by);
      }
      const patch: ConversationPatch = {};
      if (input.assigneeId === null && conversation.assigneeId) {
        // Back to the queue, where routing offers it to someone else.
        Object.assign(patch, { assigneeId: null }, conversation.status === 'open' ? { status: 'queued' } : {});
      }
      if (input.status === 'snoozed') {
        if (new Date(input.snoozedUntil!) <= new Date()) throw new ApiError(400, 'invalid_request', 'snoozedUntil: must be in the future');
        Object.assign(patch, { status: 'snoozed', snoozedUntil: new Date(input.snoozedUntil!) });
      } else if (input.status) {
        Object.assign(patch, { status: input.status, snoozedUntil: null });
        // Reopening an unassigned conversation makes it the reopener's.
        if (input.status === 'open' && !conversation.assigneeId && !input.assigneeId) patch.assigneeId = agent.id;
      }
      if (input.priority !== undefined) {
        const site = (await findSiteById(db, conversation.siteId))!;
        Object.assign(patch, { priority: input.priority }, slaDeadlines(siteSettings(site), input.priority, conversation.queuedAt ?? conversation.createdAt));
      }
      if (input.category !== undefined) patch.category = input.category;
      if (tickets.concerns(conversation, input)) await tickets.change(conversation, input, patch, agent.id);
      else if (Object.keys(patch).length > 0) await changeConversation(deps, conversation.id, patch, by);
      return c.json(await inboxConversation(deps, agent, conversation.id));
    })
    .post('/:id/draft', validate('param', InboxConversationParams), async (c) => {
      const agent = c.get('agent');
      return c.json(await drafts.draft(await accountConversation(db, agent.accountId, c.req.valid('param').id)));
    })
    .post('/:id/typing', validate('param', InboxConversationParams), validate('json', TypingBody), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      publishTyping(deps, conversation, 'agent', c.req.valid('json').isTyping);
      return c.body(null, 204);
    })
    .post('/:id/read', validate('param', InboxConversationParams), validate('json', ReadBody), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      const { messageId } = c.req.valid('json');
      // The mark only moves forward: a late request from an older tab cannot un-read messages.
      await db
        .insert(conversationReads)
        .values({ agentId: agent.id, conversationId: conversation.id, lastReadMessageId: messageId })
        .onConflictDoUpdate({
          target: [conversationReads.agentId, conversationReads.conversationId],
          set: { lastReadMessageId: greater(conversationReads.lastReadMessageId, sql`excluded.last_read_message_id`) },
        });
      // The visitor's "Seen" follows the newest visible message the agent has read.
      const visible = (
        await db
          .select({ id: sql<number | null>`max(${messages.id})` })
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), eq(messages.internal, false), lte(messages.id, messageId)))
          .limit(1)
      )[0]?.id;
      if (visible) await markRead(deps, conversation, 'agent', visible);
      return c.body(null, 204);
    });
}
