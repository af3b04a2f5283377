import { Hono } from 'hono';
import { ReportQuery } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { validate } from '../http/validate';
import { toCsv } from './csv';
import { buildReport, reportSites, reportStart } from './report';
import { ticketRows } from './tickets';

/** /v1/inbox/reports: JSON for the page, CSV for spreadsheets (owners and admins). */
export function reportInboxRoutes({ db }: Deps) {
  const report = (accountId: string, q: ReportQuery) => buildReport(db, accountId, q);
  const csv = (name: string, body: string) =>
    new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="parley-${name}.csv"` } });

  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', validate('query', ReportQuery), async (c) => c.json(await report(c.get('agent').accountId, c.req.valid('query'))))
    .get('/days.csv', validate('query', ReportQuery), async (c) => {
      const r = await report(c.get('agent').accountId, c.req.valid('query'));
      return csv(
        'days',
        toCsv(
          ['date', 'conversations', 'bot_resolved', 'handed_off'],
          r.days.map((d) => [d.date, d.conversations, d.botResolved, d.handedOff]),
        ),
      );
    })
    .get('/tickets.csv', validate('query', ReportQuery), async (c) => {
      const { accountId } = c.get('agent');
      const q = c.req.valid('query');
      const rows = await ticketRows(db, await reportSites(db, accountId, q), reportStart(new Date(), q.days));
      const at = (d: Date | null) => d?.toISOString() ?? null;
      const after = (d: Date | null, from: Date) => (d ? Math.round((d.getTime() - from.getTime()) / 1000) : null);
      return csv(
        'tickets',
        toCsv(
          ['reference', 'subject', 'category', 'priority', 'status', 'created_at', 'resolved_at', 'first_response_seconds', 'resolution_seconds', 'reopens'],
          rows.map((t) => [t.reference, t.subject, t.category, t.priority, t.status, at(t.createdAt), at(t.resolvedAt), after(t.firstResponseAt, t.createdAt), after(t.resolvedAt, t.createdAt), t.reopens]),
        ),
      );
    })
    .get('/agents.csv', validate('query', ReportQuery), async (c) => {
      const r = await report(c.get('agent').accountId, c.req.valid('query'));
      return csv(
        'agents',
        toCsv(
          ['agent', 'conversations', 'resolved', 'median_first_response_seconds', 'csat_average', 'ratings'],
          r.agents.map((a) => [a.name, a.conversations, a.resolved, a.medianFirstResponseSeconds, a.csatAverage?.toFixed(2) ?? null, a.ratings]),
        ),
      );
    });
}
