import { describe, expect, it } from 'vitest';
import { handoffIntent } from './intents';

describe('handoffIntent', () => {
  it.each([
    'I want to talk to a human',
    'can I speak with someone please',
    'agent please',
    'connect me to customer service',
    'Quiero hablar con una persona',
    'Je veux parler à un humain',
    'Kann ich mit einem Menschen sprechen?',
    'quero falar com um atendente',
    'أريد التحدث مع موظف',
  ])('hears a request for a person in "%s"', (text) => {
    expect(handoffIntent(text)).toBe('asked_for_person');
  });

  it.each(['this bot is useless', 'what a waste of time', 'WHY DOES NOTHING WORK HERE!!!', 'eres inutil', "ça ne sert à rien"])('hears frustration in "%s"', (text) => {
    expect(handoffIntent(text)).toBe('frustrated');
  });

  it.each(['do I have to talk to someone to close my account?', 'my travel agent booked it', 'how do I change my PIN', 'is the person who ordered notified?', ''])(
    'leaves ordinary questions alone: "%s"',
    (text) => {
      expect(handoffIntent(text)).toBeNull();
    },
  );
});
