import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimit, routeLimit, takenWith } from './rate-limit';

const byHeader = (c: Context) => c.req.header('x-key') ?? null;
const byOther = (c: Context) => c.req.header('x-other') ?? null;

/** An app whose first middleware takes the token the way the visitor lookup does, when asked to. */
function app(limiter: RateLimiter, take: boolean) {
  const found: unknown[] = [];
  const sub = new Hono().post('/limited', rateLimit(limiter, byHeader), (c) => c.text('ok')).get('/free', (c) => c.text('ok'));
  // An error handler of its own makes Hono wrap the sub-app's handlers.
  sub.onError((err, c) => c.text(String(err), 500));
  const root = new Hono()
    .use(async (c, next) => {
      const limiter = routeLimit(c, byHeader);
      found.push(limiter, routeLimit(c, byOther));
      if (take && limiter) takenWith(c, limiter, limiter.take(c.req.header('x-key')!) as boolean);
      await next();
    })
    .route('/sub', sub);
  return { root, found };
}

describe('routeLimit and takenWith', () => {
  it("finds the limit of a sub-app's route by its key, and nothing on a route without one", async () => {
    const limiter = new RateLimiter(60, 5);
    const { root, found } = app(limiter, false);
    await root.request('/sub/limited', { method: 'POST', headers: { 'x-key': 'a' } });
    await root.request('/sub/free');
    expect(found).toEqual([limiter, undefined, undefined, undefined]);
  });

  it('takes one token a request when a middleware before the limit took it', async () => {
    const { root } = app(new RateLimiter(60, 2), true);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await root.request('/sub/limited', { method: 'POST', headers: { 'x-key': 'a' } })).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses[2]).not.toBe(200);
  });
});
