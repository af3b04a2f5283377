import { Hono } from 'hono';
import { ChangePasswordBody, LoginBody, PasswordResetBody, PasswordResetParams, PasswordResetRequestBody, type Me } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit } from '../audit/audit';
import { avatarUrlOf } from '../avatars/avatars';
import { ApiError } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { clearSessionCookie, deviceCookie, requireAgent, sessionLimits, setDeviceCookie, setSessionCookie, type InboxEnv } from './agent-auth';
import { checkLogin, rememberDevice } from './login';
import { verifyPassword } from './password';
import { finishReset, resetUrl, setPassword, startReset } from './password-reset';
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

/** A mail to an agent about their own account; the process's mailer sends it (passed by name). */
export interface AccountMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** /v1/inbox/auth: login, logout, who am I, the agent's own password and its reset by mail. */
export function authInboxRoutes(deps: Deps, { sendMail }: { sendMail: (mail: AccountMail) => Promise<void> }) {
  const { db, config } = deps;
  const perIp = rateLimiter(deps, 'logins-per-ip', config.PARLEY_RATE_LOGINS_PER_IP);
  const resetsPerIp = rateLimiter(deps, 'resets-per-ip', config.PARLEY_RATE_RESETS_PER_IP);
  const policy = { maxFailures: config.PARLEY_LOGIN_MAX_FAILURES, lockMs: config.PARLEY_LOGIN_LOCK_MINUTES * 60_000 };
  const host = new URL(config.PUBLIC_URL).hostname;
  const mailReset = (agent: AgentRow, token: string) => {
    const minutes = config.PARLEY_PASSWORD_RESET_MINUTES;
    const text = `Someone asked to reset the password of your Parley inbox account (${agent.email}).\n\nTo choose a new one, open this link within ${minutes} minutes; it works once:\n${resetUrl(config.PUBLIC_URL, token)}\n\nIf it was not you, ignore this mail: your password stays as it is.\n`;
    // Not awaited: a slow mail server must not make a known address answer later than an unknown one.
    sendMail({ to: agent.email, subject: 'Reset your Parley password', text, messageId: `<reset-${Date.now()}-${agent.id}@${host}>` }).catch((err: unknown) =>
      console.error('[parley] password reset mail failed', err),
    );
  };

  return new Hono<InboxEnv>()
    .post('/login', rateLimit(perIp, clientIp), validate('json', LoginBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const agent = await checkLogin(db, { email, password, deviceToken: deviceCookie(c), ip: clientIp(c) }, policy);
      setDeviceCookie(c, config, await rememberDevice(db, agent.id, deviceCookie(c)));
      setSessionCookie(c, config, await createSession(db, agent.id, sessionLimits(config), c.req.header('user-agent')));
      return c.json(toMe(agent, await avatarUrlOf(db, config.PUBLIC_URL, agent.id)));
    })
    .post('/logout', requireAgent(), async (c) => {
      await revokeSession(deps, c.get('session').id);
      clearSessionCookie(c, config);
      return c.body(null, 204);
    })
    .get('/me', requireAgent(), async (c) => c.json(toMe(c.get('agent'), await avatarUrlOf(db, config.PUBLIC_URL, c.get('agent').id))))
    .post('/password', requireAgent(), rateLimit(perIp, clientIp), validate('json', ChangePasswordBody), async (c) => {
      const agent = c.get('agent');
      const { currentPassword, newPassword } = c.req.valid('json');
      // Not 401: the session is fine, and the inbox answers a 401 by showing the login screen.
      if (!(await verifyPassword(currentPassword, agent.passwordHash))) throw new ApiError(403, 'forbidden', 'The current password is not right');
      await setPassword(deps, agent, newPassword, c.get('session').id);
      await audit(db, agent, 'auth.password_change', agent.id);
      return c.body(null, 204);
    })
    .post('/password-reset', rateLimit(resetsPerIp, clientIp), validate('json', PasswordResetRequestBody), async (c) => {
      const started = await startReset(db, c.req.valid('json').email, config.PARLEY_PASSWORD_RESET_MINUTES * 60_000);
      if (started) {
        await audit(db, { accountId: started.agent.accountId, id: null }, 'auth.password_reset_request', started.agent.id, { ip: clientIp(c) });
        mailReset(started.agent, started.token);
      }
      // The same answer whether or not the address has an account.
      return c.body(null, 202);
    })
    .post('/password-reset/:token', validate('param', PasswordResetParams), validate('json', PasswordResetBody), async (c) => {
      const agent = await finishReset(deps, c.req.valid('param').token, c.req.valid('json').password);
      await audit(db, agent, 'auth.password_reset', agent.id, { ip: clientIp(c) });
      return c.body(null, 204);
    });
}
