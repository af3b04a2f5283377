import { describe, expect, it } from 'vitest';
import { Email, Phone } from '@parley/protocol';
import { EMAIL, PHONE } from './validate';

describe('contact validation', () => {
  it.each(['ada@example.com', 'a.b+c@mail.example.org', 'nope', 'a@b', 'a @b.com', '@example.com'])('email %s: widget agrees with the server', (v) => {
    expect(EMAIL.test(v)).toBe(Email.safeParse(v).success);
  });
  it.each(['+1 555 010 0000', '(030) 1234567', '12', 'call me', '+44-20-7946-0958'])('phone %s: widget agrees with the server', (v) => {
    expect(PHONE.test(v)).toBe(Phone.safeParse(v).success);
  });
});
