import { Hono } from 'hono';
import { LoginBody, type Me } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { avatarUrlOf } from '../avatars/avatars';
import { clientIp, rateLimit, RateLimiter } from '../http/rate-limit';
import { validate } from '../http/validate';
import { clearSessionCookie, deviceCookie, requireAgent, sessionLimits, setDeviceCookie, setSessionCookie, type InboxEnv } from './agent-auth';
import { checkLogin, rememberDevice } from './login';
import { createSession, revokeSession } from './sessions';
import type { AgentRow } from '../db/rows';

export function toMe(a: AgentRow, avatarUrl: string | null): Me {
  return {
    id: a.id,
    accountId: a.accountId,
    email: a.email,
    name: a.name,
    role: a.role,
    languages: a.languages,
    skills: a.skills,
    maxChats: a.maxChats,
    presence: a.presence,
    avatarUrl,
  };
}

/** /v1/inbox/auth: login, logout, who am I. */
export function authInboxRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = RateLimiter.perMinute(config.PARLEY_RATE_LOGINS_PER_IP);
  const policy = { maxFailures: config.PARLEY_LOGIN_MAX_FAILURES, lockMs: config.PARLEY_LOGIN_LOCK_MINUTES * 60_000 };
  return new Hono<InboxEnv>()
    .post('/login', rateLimit(perIp, clientIp), validate('json', LoginBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const agent = await checkLogin(db, email, password, policy, deviceCookie(c));
      setDeviceCookie(c, config, rememberDevice(db, agent.id, deviceCookie(c)));
      setSessionCookie(c, config, createSession(db, agent.id, sessionLimits(config), c.req.header('user-agent')));
      return c.json(toMe(agent, avatarUrlOf(db, config.PUBLIC_URL, agent.id)));
    })
    .post('/logout', requireAgent(), (c) => {
      revokeSession(deps, c.get('session').id);
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .get('/me', requireAgent(), (c) => c.json(toMe(c.get('agent'), avatarUrlOf(db, config.PUBLIC_URL, c.get('agent').id))));
}
