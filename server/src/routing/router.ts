import { and, eq, inArray, lt, lte, ne } from 'drizzle-orm';
import type { ChangedBy, SiteSettings } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { changeConversation, type ChangeExtras, type SystemLine } from '../conversations/change';
import { conversationContext } from '../conversations/context';
import type { ConversationRow } from '../db/rows';
import { agents, conversations, sites, visitors } from '../db/tables';
import { visitorTexts } from '../i18n/texts';
import { siteOfTopics } from '../realtime/event-bus';
import { accountSites } from '../sites/access';
import { siteSettings } from '../sites/sites';
import { isOpen } from '../sla/business-hours';
import { pickAgent } from './pick-agent';
import { accountsWithQueue, hasRoom, onlineCandidates, queuedConversations } from './queue';
import { slaDeadlines } from '../sla/deadlines';
import { isWaiting } from '../sla/queue-order';

const bySystem: ChangedBy = { type: 'system', agentId: null };

/**
 * Auto-assignment (docs/spec.md §8). It observes every committed conversation change (a
 * handoff, a resolve that frees a slot, an unassign) and presence changes, and a sweep catches
 * what no event announces (snoozes running out, agents whose inbox closed, changes made by the
 * CLI or another process). Work is deferred with setImmediate: a bus observer must never
 * write, or the events it creates would overtake the rest of the batch being published.
 */
export class Router {
  readonly #scheduled = new Set<string>();
  readonly #disconnectedAt = new Map<string, number>();
  readonly #streams = new Map<string, number>();
  /** Sites never change account: looked up once each. */
  readonly #accountOfSite = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #unobserve: (() => void) | undefined;
  #stopped = false;
  /** Routing and sweeps under way: stop() waits for them, so the database is never closed under one. */
  readonly #running = new Set<Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly sweepMs: number = deps.config.PARLEY_ROUTING_SWEEP_SECONDS * 1000,
  ) {}

  /** Reacts to conversation changes from now on, sweeps once, then every `sweepMs`. */
  async start(): Promise<void> {
    this.#unobserve = this.deps.bus.observe((e, topics) => {
      const siteId = e.type === 'conversation.updated' ? siteOfTopics(topics) : undefined;
      if (!siteId) return;
      this.#run(async () => {
        const accountId = await this.#accountOf(siteId);
        if (accountId) this.schedule(accountId);
      });
    });
    await this.sweep();
    this.#timer = setInterval(() => this.#run(() => this.sweep()), this.sweepMs);
  }

  /** Stops reacting and sweeping, and waits for the routing under way; routing scheduled but not begun is dropped. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unobserve?.();
    clearInterval(this.#timer);
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }

  /** Runs background work unless stopped, keeping it until it ends; a failure is logged, and the next sweep tries again. */
  #run(work: () => Promise<void>): void {
    if (this.#stopped) return;
    const running: Promise<void> = work()
      .catch((err: unknown) => console.error('[parley] routing failed', err))
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  async #accountOf(siteId: string): Promise<string | undefined> {
    let accountId = this.#accountOfSite.get(siteId);
    if (accountId === undefined) {
      accountId = (await this.deps.db.select({ accountId: sites.accountId }).from(sites).where(eq(sites.id, siteId)).limit(1))[0]?.accountId;
      if (accountId) this.#accountOfSite.set(siteId, accountId);
    }
    return accountId;
  }

  /** Runs routing for the account soon, once however many times it is asked before then. */
  schedule(accountId: string): void {
    if (this.#scheduled.has(accountId)) return;
    this.#scheduled.add(accountId);
    setImmediate(() => {
      this.#scheduled.delete(accountId);
      this.#run(() => this.route(accountId));
    });
  }

  /**
   * Stamps newly queued conversations (queue time, SLA deadlines), tells their visitors when
   * nobody can answer now, then hands the queue out to online agents with free slots.
   */
  async route(accountId: string): Promise<void> {
    const { db } = this.deps;
    const queued = await queuedConversations(db, accountId);
    if (queued.length === 0) return;
    const candidates = await onlineCandidates(db, accountId);
    // One query and one settings parse per site, not per waiting conversation.
    const settingsBySite = new Map((await accountSites(db, accountId)).map((site) => [site.id, siteSettings(site)]));

    for (const c of queued) {
      const settings = settingsBySite.get(c.siteId);
      if (!settings) continue;
      const now = new Date();
      // Decided on the list read above: each change applies only if the conversation still waits.
      const stamp = c.queuedAt ? {} : { queuedAt: now, ...slaDeadlines(settings, c.priority, now) };
      const away = !c.emailFollowUp && (candidates.length === 0 || !isOpen(settings.businessHours, now));
      // One transaction: the email flag is what stops a second notice, so it must never
      // commit without the notice. Each change is checked again on the row it changes: runs
      // overlap (an event's and the sweep's, or two processes'), and a run that read the list
      // before another's change committed must not stamp or notify a second time.
      if (away)
        await changeConversation(this.deps, c.id, { ...stamp, emailFollowUp: true }, bySystem, {
          systemMessage: await this.#awayLine(c, settings),
          onlyIf: (before) => isWaiting(before) && !before.emailFollowUp && (c.queuedAt !== null || before.queuedAt === null),
        });
      else if (!c.queuedAt) await changeConversation(this.deps, c.id, stamp, bySystem, { onlyIf: (before) => isWaiting(before) && before.queuedAt === null });
    }
    for (const c of queued) {
      const agent = pickAgent(candidates, c);
      // Language and skills only rank agents, never exclude them: no agent for this one means
      // every slot is taken, and the rest of the queue waits in its order.
      if (!agent) break;
      // Refused: the queue changed since it was read (another run, a resolve), and so may the
      // loads counted here. Stop; the change's own event routes the rest with fresh counts.
      if (!(await this.assign(c.id, agent.id, bySystem, async (before, tx) => isWaiting(before) && (await hasRoom(tx, agent))))) break;
      agent.load++;
      agent.lastAssignedAt = new Date();
    }
  }

  /**
   * Gives a conversation to an agent (routing or by hand) with a line the visitor sees; with
   * `onlyIf`, only a conversation that still meets it. Undefined when nothing was assigned.
   */
  async assign(conversationId: string, agentId: string, by: ChangedBy, onlyIf?: ChangeExtras['onlyIf']): Promise<ConversationRow | undefined> {
    const { db } = this.deps;
    const agent = (await db.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId)).limit(1))[0];
    if (!agent) return undefined;
    const context = await conversationContext(db, conversationId);
    if (!context) return undefined;
    // Taken straight from the bot, or before routing stamped it: it reached a person now.
    const stamp = context.conversation.queuedAt ? {} : { queuedAt: new Date() };
    const systemMessage = { body: context.texts.routing.joined(agent.name) };
    const row = await changeConversation(this.deps, conversationId, { status: 'open', assigneeId: agentId, ...stamp }, by, { systemMessage, onlyIf });
    if (row) await db.update(agents).set({ lastAssignedAt: new Date() }).where(eq(agents.id, agentId));
    return row;
  }

  /** Nobody can answer now: the reply comes by email, to the address known or one to leave; on WhatsApp, there. */
  async #awayLine(c: ConversationRow, settings: SiteSettings): Promise<SystemLine> {
    const visitor = (
      await this.deps.db.select({ email: visitors.email, locale: visitors.locale }).from(visitors).where(eq(visitors.id, c.visitorId)).limit(1)
    )[0];
    const { routing } = visitorTexts(visitor?.locale, settings.locale);
    if (c.channel === 'whatsapp') return { body: routing.awayHere };
    return {
      body: visitor?.email ? routing.awayKnownEmail(visitor.email) : routing.awayAskEmail,
      meta: { askEmail: !visitor?.email },
    };
  }

  // ---- presence

  /** Sets an agent's presence; going offline puts their open chats back in the queue. */
  async setPresence(agentId: string, presence: 'online' | 'away' | 'offline'): Promise<void> {
    const { db } = this.deps;
    const agent = (
      await db.update(agents).set({ presence, lastSeenAt: new Date() }).where(eq(agents.id, agentId)).returning({ accountId: agents.accountId })
    )[0];
    if (!agent) return;
    if (presence === 'offline') await this.#requeueChatsOf(agentId);
    this.schedule(agent.accountId);
  }

  async #requeueChatsOf(agentId: string): Promise<void> {
    const open = await this.deps.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.assigneeId, agentId), eq(conversations.status, 'open')));
    for (const c of open) await changeConversation(this.deps, c.id, { status: 'queued', assigneeId: null }, bySystem);
  }

  /**
   * An inbox stream opened: the agent is at work (an offline agent comes online). Seen now,
   * too: a process whose last stream of theirs closed keeps them online if another has them.
   */
  async streamOpened(agentId: string): Promise<void> {
    this.#streams.set(agentId, (this.#streams.get(agentId) ?? 0) + 1);
    this.#disconnectedAt.delete(agentId);
    const a = (await this.deps.db.update(agents).set({ lastSeenAt: new Date() }).where(eq(agents.id, agentId)).returning({ presence: agents.presence }))[0];
    if (a?.presence === 'offline') await this.setPresence(agentId, 'online');
  }

  streamClosed(agentId: string): void {
    const n = (this.#streams.get(agentId) ?? 1) - 1;
    if (n > 0) return void this.#streams.set(agentId, n);
    this.#streams.delete(agentId);
    this.#disconnectedAt.set(agentId, Date.now());
  }

  // ---- sweep

  async sweep(graceMs = this.deps.config.PARLEY_PRESENCE_GRACE_SECONDS * 1000): Promise<void> {
    const { db } = this.deps;
    const now = new Date();

    // Agents with an inbox open here are seen now, for every process's sweep below.
    if (this.#streams.size > 0)
      await db
        .update(agents)
        .set({ lastSeenAt: now })
        .where(inArray(agents.id, [...this.#streams.keys()]));
    // An agent whose last inbox tab closed here and came back to no process within the grace
    // period (another process with their inbox open has marked them seen since).
    for (const [agentId, at] of this.#disconnectedAt) {
      if (now.getTime() - at < graceMs) continue;
      this.#disconnectedAt.delete(agentId);
      const seen = (await db.select({ at: agents.lastSeenAt }).from(agents).where(eq(agents.id, agentId)).limit(1))[0]?.at;
      if (seen && seen.getTime() > at) continue;
      await this.setPresence(agentId, 'offline');
    }
    // Online in the database but seen by no process for the grace period (e.g. after a restart).
    const stale = (
      await db
        .select({ id: agents.id })
        .from(agents)
        .where(and(ne(agents.presence, 'offline'), lt(agents.lastSeenAt, new Date(now.getTime() - graceMs))))
    ).filter((a) => !this.#streams.has(a.id) && !this.#disconnectedAt.has(a.id));
    for (const a of stale) await this.setPresence(a.id, 'offline');

    const waking = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.status, 'snoozed'), lte(conversations.snoozedUntil, now)));
    // Every process sweeps: the one that wakes a conversation first wakes it.
    const stillSnoozed = (before: ConversationRow) => before.status === 'snoozed' && before.snoozedUntil !== null && before.snoozedUntil <= now;
    for (const c of waking) await changeConversation(this.deps, c.id, { status: 'open', snoozedUntil: null }, bySystem, { onlyIf: stillSnoozed });

    for (const accountId of await accountsWithQueue(db)) this.schedule(accountId);
  }
}
