import type { DurableEvent } from '@parley/protocol';
import type { EventBus, Listener, StreamEvent, Topic } from '../realtime/event-bus';

/**
 * An EventBus that also hands every durable event, once, to an observer. Durable events are
 * published only after their transaction commits, so an observer (the bot) reacts to
 * committed changes from any route — visitor messages, "Talk to a person" — without those
 * routes knowing it exists. The observer runs synchronously and must only queue work.
 */
export class BusTap implements EventBus {
  #observer: ((event: DurableEvent) => void) | null = null;
  constructor(private readonly inner: EventBus) {}

  observe(observer: (event: DurableEvent) => void): void {
    this.#observer = observer;
  }

  publish(topics: readonly Topic[], event: StreamEvent): void {
    this.inner.publish(topics, event);
    if (!('id' in event) || !this.#observer) return;
    try {
      this.#observer(event);
    } catch (err) {
      console.error('[parley] event observer failed', err);
    }
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    return this.inner.subscribe(topic, listener);
  }

  listenerCount(): number {
    return this.inner.listenerCount();
  }
}
