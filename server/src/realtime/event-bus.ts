import type { DurableEvent, EphemeralEvent, SessionEndedEvent } from '@parley/protocol';

export type StreamEvent = DurableEvent | EphemeralEvent | SessionEndedEvent;

/**
 * Topics a stream subscribes to: one visitor's events, everything of one site (agents), or
 * what concerns one agent's own sessions (their inbox streams close when a session ends).
 */
export type Topic = `visitor:${string}` | `site:${string}` | `agent:${string}`;

export const visitorTopic = (visitorId: string): Topic => `visitor:${visitorId}`;
export const siteTopic = (siteId: string): Topic => `site:${siteId}`;
export const agentTopic = (agentId: string): Topic => `agent:${agentId}`;

export type Listener = (event: StreamEvent) => void;
/** Sees each durable event once, with the topics it went to. */
export type Observer = (event: DurableEvent, topics: readonly Topic[]) => void;

/** The site a published event belongs to: every event goes to its site's topic. */
export function siteOfTopics(topics: readonly Topic[]): string | undefined {
  return topics.find((t) => t.startsWith('site:'))?.slice('site:'.length);
}

/**
 * Fan-out of events to open streams (docs/spec.md §6). Durable events are already committed to the
 * events log when published, so a bus may drop them (a client catches up from the log on
 * reconnect); it must deliver each topic's events in publish order. A multi-instance
 * deployment swaps in a PostgreSQL LISTEN/NOTIFY or Redis implementation; routes only
 * ever see this interface.
 */
export interface EventBus {
  publish(topics: readonly Topic[], event: StreamEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: Topic, listener: Listener): () => void;
  /**
   * Every durable event published in this process, whatever its topics, right after its
   * commit: how background services (the bot, routing) react to a change made by any route
   * without that route knowing them. Observers run synchronously, in publish order, and must
   * only queue work: a write of their own would overtake the rest of the batch being published.
   * Returns the function that stops observing.
   */
  observe(observer: Observer): () => void;
  /** How many listeners are attached, for health checks and benchmarks. */
  listenerCount(): number;
  /**
   * What this process's appends to the log say in the wake-up they send to every process
   * (event-append.ts): PostgreSQL's bus hears its own commits from publish, and skips these.
   */
  readonly origin?: string;
  /** Whether events reach this process's streams now (PostgreSQL's: its LISTEN connection is up). */
  ready(): boolean;
  /** Lets go of what it holds (PostgreSQL's: its LISTEN connection), before the database closes. */
  close(): Promise<void>;
}
