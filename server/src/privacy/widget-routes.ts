import { Hono } from 'hono';
import type { DataExportSent } from '@parley/protocol';
import { audit } from '../audit/audit';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { exportContact } from '../contacts/export';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import { newId } from '../db/ids';
import type { Mailer } from '../email/mailer';
import { ApiError } from '../http/errors';
import { visitorTexts } from '../i18n/texts';
import { siteSettings } from '../sites/sites';
import { erase } from './erase';

// Each export mails everything held about the visitor: a few a day is plenty for them, and
// too few to flood their mailbox by replaying their token.
const EXPORTS_PER_DAY = 3;

/**
 * /v1/widget/visitor, the visitor's own rights: DELETE erases them and everything of theirs
 * (their token stops working); POST /export mails them everything held about them, to the
 * address their conversations' replies go to (the one the site verified, for an identified user).
 */
export function privacyWidgetRoutes(deps: Deps, { mailer }: { mailer: Mailer }) {
  const perVisitor = rateLimiter(deps, 'exports-per-visitor', EXPORTS_PER_DAY / (24 * 60), EXPORTS_PER_DAY);
  const host = new URL(deps.config.PUBLIC_URL).hostname;
  return new Hono<WidgetEnv>()
    .delete('/', async (c) => {
      const { visitor, site } = requireVisitor(c);
      const conversations = await erase(deps, { siteId: site.id, visitorIds: [visitor.id], conversationIds: [] });
      await audit(deps.db, { accountId: site.accountId, id: null }, 'contact.erase', visitor.id, { by: 'visitor', conversations });
      return c.body(null, 204);
    })
    .post('/export', async (c) => {
      const { visitor, site } = requireVisitor(c);
      if (!visitor.email) throw new ApiError(409, 'conflict', 'Give your email address first: your data is sent there');
      if (!(await perVisitor.take(visitor.id))) throw new ApiError(429, 'rate_limited', 'Your data was sent a few times today: try again tomorrow');
      const texts = visitorTexts(visitor.locale, siteSettings(site).locale).dataExport;
      const data = await exportContact(deps.db, site.accountId, visitor.id);
      try {
        await mailer.send({
          to: visitor.email,
          subject: texts.subject(site.name),
          text: `${texts.text(site.name)}\n`,
          // The visitor's id in it lets an erasure find this mail in the outbox folder too.
          messageId: `<export-${visitor.id}.${newId('x')}@${host}>`,
          attachments: [
            { filename: `${site.name.replace(/[^\p{L}\p{N}]+/gu, '-')}-data.json`, content: JSON.stringify(data, null, 2), contentType: 'application/json' },
          ],
        });
      } catch (err) {
        console.error('[parley] a data export mail failed', err);
        throw new ApiError(502, 'internal', 'The mail server did not take the mail: try again later');
      }
      await audit(deps.db, { accountId: site.accountId, id: null }, 'contact.export', visitor.id, { by: 'visitor' });
      const body: DataExportSent = { email: visitor.email };
      return c.json(body);
    });
}
