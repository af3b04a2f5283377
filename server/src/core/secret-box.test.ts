import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-key-of-sixteen-or-more');

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal('EAAG-token');
    expect(box.open(a)).toBe('EAAG-token');
    expect(box.seal('EAAG-token')).not.toBe(a);
    expect(a).not.toContain('EAAG');
  });

  it('refuses a changed value, another key, and anything not sealed', () => {
    const sealed = box.seal('app-secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('app-secreT').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('another-key-of-sixteen').open(sealed)).toThrow();
    expect(() => box.open('plain text')).toThrow('not a sealed secret');
  });
});
