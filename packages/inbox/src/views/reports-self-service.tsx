import type { Report } from '@parley/protocol';
import { plural } from '../format';
import { Kpi, pct } from './reports-kpi';

/**
 * What visitors found by themselves in the period: visits to the help center and the widget's
 * Help view, the share that never needed a conversation, searches, and article reads. There
 * is no inbox page for one article, so the most read ones are named, not linked.
 */
export function SelfService({ figures: f }: { figures: Report['selfService'] }) {
  return (
    <section class="self-service" aria-labelledby="self-service-title">
      <h2 id="self-service-title">Self-service</h2>
      {f.sessions === 0 && f.articleViews === 0 ? (
        <p class="empty">No visits to the help center or the widget's Help in this period.</p>
      ) : (
        <>
          {f.sessions > 0 && (
            <p data-testid="deflection">
              <strong>{pct(f.deflectionRate)} deflected</strong> — {f.sessions - f.escalated} of {plural(f.sessions, 'help visit')} did not start a conversation.
            </p>
          )}
          <dl class="kpis">
            <Kpi label="Help visits" value={String(f.sessions)} />
            <Kpi label="Went on to chat" value={String(f.escalated)} />
            <Kpi label="Searches" value={String(f.searches)} />
            <Kpi label="Searches without a result" value={String(f.searchesWithoutResult)} />
            <Kpi label="Article reads" value={String(f.articleViews)} />
          </dl>
          {f.articles.length > 0 && <MostRead articles={f.articles} />}
        </>
      )}
    </section>
  );
}

function MostRead({ articles }: { articles: Report['selfService']['articles'] }) {
  return (
    <>
      <h3>Most read articles</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Reads</th>
            <th scope="col">Helpful</th>
            <th scope="col">Not helpful</th>
          </tr>
        </thead>
        <tbody>
          {articles.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.title}</th>
              <td>{a.views}</td>
              <td>{a.helpful}</td>
              <td>{a.notHelpful}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Reads are this period's; "Was this helpful?" answers are counted since each article was written.</p>
    </>
  );
}
