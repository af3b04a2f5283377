import type { DurableEvent, EphemeralEvent } from '@parley/protocol';

export type StreamEvent = DurableEvent | EphemeralEvent;

/** Topics a stream subscribes to: one visitor's events, or everything of one site (agents). */
export type Topic = `visitor:${string}` | `site:${string}`;

export const visitorTopic = (visitorId: string): Topic => `visitor:${visitorId}`;
export const siteTopic = (siteId: string): Topic => `site:${siteId}`;

export type Listener = (event: StreamEvent) => void;

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
  /** How many listeners are attached, for health checks and benchmarks. */
  listenerCount(): number;
}
