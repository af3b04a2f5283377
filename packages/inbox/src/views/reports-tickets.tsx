import type { Report } from '@parley/protocol';
import { duration } from '../format';
import { Kpi, pct } from './reports-kpi';

type Tickets = Report['tickets'];

/**
 * Tickets made in the period: totals, per day, by category and by priority, and every one of
 * them as CSV (`query`: the report's own period and site).
 */
export function TicketsReport({ figures: t, query }: { figures: Tickets; query: string }) {
  return (
    <section class="tickets-report" aria-labelledby="tickets-report-title">
      <h2 id="tickets-report-title">Tickets</h2>
      <p>
        <a href={`/v1/inbox/reports/tickets.csv?${query}`} download>
          Download CSV
        </a>{' '}
        <span class="muted">(one row per ticket made in the period)</span>
      </p>
      {t.created === 0 && t.resolved === 0 ? (
        <p class="empty">No tickets made or resolved in this period.</p>
      ) : (
        <>
          <dl class="kpis">
            <Kpi label="Created" value={String(t.created)} />
            <Kpi label="Resolved" value={String(t.resolved)} />
            <Kpi label="Median first response" value={duration(t.medianFirstResponseSeconds)} />
            <Kpi label="Median resolution" value={duration(t.medianResolutionSeconds)} />
            <Kpi label="Reopened" value={pct(t.reopenRate)} />
          </dl>
          <CreatedResolved title="Per day" first="Date" rows={t.days.map((d) => [d.date, d])} />
          <CreatedResolved title="By category" first="Category" rows={t.byCategory.map((c) => [c.category ?? 'No category', c])} />
          <CreatedResolved title="By priority" first="Priority" rows={t.byPriority.map((p) => [p.priority ?? 'No priority', p])} />
        </>
      )}
    </section>
  );
}

/** Tickets made and resolved, per whatever the first column names. */
function CreatedResolved({ title, first, rows }: { title: string; first: string; rows: Array<[string, { created: number; resolved: number }]> }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Created</th>
            <th scope="col">Resolved</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, n]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{n.created}</td>
              <td>{n.resolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
