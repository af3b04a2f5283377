import type { EventBus, Listener, Observer, StreamEvent, Topic } from './event-bus';

/** The default bus: a map from topic to listeners, so a publish costs O(listeners of its topics). */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Map<Topic, Set<Listener>>();
  readonly #observers = new Set<Observer>();
  #count = 0;

  publish(topics: readonly Topic[], event: StreamEvent): void {
    for (const topic of topics) {
      const set = this.#listeners.get(topic);
      if (!set) continue;
      for (const listener of set) {
        try {
          listener(event);
        } catch (err) {
          // One broken stream must not stop delivery to the others.
          console.error('[parley] event listener failed', err);
        }
      }
    }
    if (!('id' in event)) return;
    for (const observer of this.#observers) {
      try {
        observer(event, topics);
      } catch (err) {
        console.error('[parley] event observer failed', err);
      }
    }
  }

  observe(observer: Observer): () => void {
    this.#observers.add(observer);
    return () => void this.#observers.delete(observer);
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    this.#count++;
    return () => {
      if (!set.delete(listener)) return;
      this.#count--;
      if (set.size === 0) this.#listeners.delete(topic);
    };
  }

  listenerCount(): number {
    return this.#count;
  }

  ready(): boolean {
    return true;
  }

  async close(): Promise<void> {}
}
