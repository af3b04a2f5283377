import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8787);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PARLEY_DB).toBe('./data/parley.db');
    expect(c.PUBLIC_URL).toBe('http://127.0.0.1:8787');
  });

  it('takes PUBLIC_URL as given, without a trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://chat.example.com/' }).PUBLIC_URL).toBe('https://chat.example.com');
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['PARLEY_ADMIN_PASSWORD', 'short'],
    ['PARLEY_INBOUND_DOMAIN', 'not a domain'],
    ['PARLEY_INBOUND_WEBHOOK_SECRET', 'short'],
    ['PARLEY_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['PARLEY_TRUSTED_PROXIES', 'proxy.example.com'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}:`));
  });

  it('refuses a way in for inbound email without the domain replies are addressed to', () => {
    expect(() => loadConfig({ PARLEY_INBOUND_SMTP_PORT: '2525' })).toThrow(/PARLEY_INBOUND_DOMAIN: required with PARLEY_INBOUND_SMTP_PORT/);
    expect(loadConfig({ PARLEY_INBOUND_SMTP_PORT: '2525', PARLEY_INBOUND_DOMAIN: 'reply.example.com' }).PARLEY_INBOUND_SMTP_PORT).toBe(2525);
  });

  it('reads trusted proxies as a number of hops or a list of addresses and ranges, and trusts none by default', () => {
    expect(loadConfig({}).PARLEY_TRUSTED_PROXIES).toBe(0);
    expect(loadConfig({ PARLEY_TRUSTED_PROXIES: '2' }).PARLEY_TRUSTED_PROXIES).toBe(2);
    expect(loadConfig({ PARLEY_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,2001:db8::/32' }).PARLEY_TRUSTED_PROXIES).toEqual(['loopback', '10.0.0.0/8', '2001:db8::/32']);
  });
});
