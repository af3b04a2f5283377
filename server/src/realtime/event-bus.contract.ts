import { describe, expect, it } from 'vitest';
import type { DurableEvent } from '@parley/protocol';
import type { EventBus, StreamEvent, Topic } from './event-bus';

const typing = (conversationId: string): StreamEvent => ({
  type: 'typing',
  conversationId,
  author: 'agent',
  isTyping: true,
});

/**
 * The behaviour every EventBus implementation must have. Each implementation's test file is
 * one call: `runEventBusContract('in-process', () => new InProcessEventBus())`.
 */
export function runEventBusContract(name: string, newBus: () => EventBus | Promise<EventBus>) {
  describe(`EventBus contract: ${name}`, () => {
    it('delivers an event to every subscriber of each of its topics', async () => {
      const bus = await newBus();
      const a: StreamEvent[] = [];
      const b: StreamEvent[] = [];
      bus.subscribe('visitor:v1', (e) => a.push(e));
      bus.subscribe('site:s1', (e) => b.push(e));
      bus.publish(['visitor:v1', 'site:s1'], typing('c1'));
      await Promise.resolve();
      expect(a).toEqual([typing('c1')]);
      expect(b).toEqual([typing('c1')]);
    });

    it('does not deliver to other topics', async () => {
      const bus = await newBus();
      const got: StreamEvent[] = [];
      bus.subscribe('visitor:v2', (e) => got.push(e));
      bus.publish(['visitor:v1'], typing('c1'));
      await Promise.resolve();
      expect(got).toEqual([]);
    });

    it('keeps publish order per topic', async () => {
      const bus = await newBus();
      const got: string[] = [];
      bus.subscribe('visitor:v1', (e) => got.push(e.type === 'typing' ? e.conversationId : e.type));
      for (let i = 0; i < 100; i++) bus.publish(['visitor:v1'], typing(`c${i}`));
      await Promise.resolve();
      expect(got).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}`));
    });

    it('stops delivering after unsubscribe and counts listeners', async () => {
      const bus = await newBus();
      const got: StreamEvent[] = [];
      const off = bus.subscribe('visitor:v1', (e) => got.push(e));
      expect(bus.listenerCount()).toBe(1);
      off();
      off();
      expect(bus.listenerCount()).toBe(0);
      bus.publish(['visitor:v1'], typing('c1'));
      await Promise.resolve();
      expect(got).toEqual([]);
    });

    it('shows observers each durable event once, with its topics, and never an ephemeral one', async () => {
      const bus = await newBus();
      const seen: Array<[DurableEvent, readonly Topic[]]> = [];
      const stop = bus.observe((e, topics) => seen.push([e, topics]));
      const read: DurableEvent = { id: 7, type: 'conversation.read', conversationId: 'c1', reader: 'agent', lastReadId: 3 };
      bus.publish(['site:s1', 'visitor:v1'], read);
      bus.publish(['site:s1'], typing('c1'));
      await Promise.resolve();
      expect(seen).toEqual([[read, ['site:s1', 'visitor:v1']]]);
      stop();
      bus.publish(['site:s1'], { ...read, id: 8 });
      await Promise.resolve();
      expect(seen).toHaveLength(1);
    });

    it('isolates a throwing listener from the others', async () => {
      const bus = await newBus();
      const got: StreamEvent[] = [];
      const quiet = console.error;
      console.error = () => {};
      try {
        bus.subscribe('visitor:v1', () => {
          throw new Error('boom');
        });
        bus.subscribe('visitor:v1', (e) => got.push(e));
        bus.publish(['visitor:v1'], typing('c1'));
        await Promise.resolve();
      } finally {
        console.error = quiet;
      }
      expect(got).toHaveLength(1);
    });
  });
}
