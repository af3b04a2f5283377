import { useState } from 'preact/hooks';
import type { Report, ReportQuery } from '@parley/protocol';
import { get } from '../api';
import { duration } from '../format';
import { Loaded, useLoad } from '../load';
import { SiteSelect } from '../site-select';
import { Filter } from './conversation-list';
import { Kpi, pct } from './reports-kpi';
import { SelfService } from './reports-self-service';
import { TicketsReport } from './reports-tickets';

type Channel = NonNullable<ReportQuery['channel']>;
const CHANNELS: Array<[Channel, string]> = [
  ['widget', 'Widget'],
  ['whatsapp', 'WhatsApp'],
];

export function ReportsView() {
  const [days, setDays] = useState(30);
  const [siteId, setSiteId] = useState('');
  const [channel, setChannel] = useState<Channel | ''>('');
  // One query for the report and every CSV link, so an export is always of the figures shown.
  const params = new URLSearchParams({ days: String(days) });
  if (siteId) params.set('siteId', siteId);
  if (channel) params.set('channel', channel);
  const query = params.toString();
  const report = useLoad(() => get<Report>(`/reports?${query}`), [query]);
  return (
    <div class="page">
      <h1>Reports</h1>
      <div class="filters">
        <label>
          Period
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
        </label>
        <SiteSelect all value={siteId} onChange={setSiteId} />
        <Filter label="Channel" any="All" options={CHANNELS} value={channel} onChange={setChannel} />
        <a href={`/v1/inbox/reports/days.csv?${query}`} download>
          Export days (CSV)
        </a>
        <a href={`/v1/inbox/reports/agents.csv?${query}`} download>
          Export agents (CSV)
        </a>
      </div>
      <Loaded load={report}>{(r) => <Figures report={r} query={query} />}</Loaded>
    </div>
  );
}

/** The period's totals, conversations per day, each agent's share, what visitors found by themselves, and tickets. */
function Figures({ report, query }: { report: Report; query: string }) {
  const t = report.totals;
  return (
    <>
      <dl class="kpis">
        <Kpi label="Conversations" value={String(t.conversations)} />
        <Kpi label="Bot-resolved" value={pct(t.botResolutionRate)} />
        <Kpi label="Handed off" value={pct(t.handoffRate)} />
        <Kpi label="Median first response" value={duration(t.medianFirstResponseSeconds)} />
        <Kpi label="Median resolution" value={duration(t.medianResolutionSeconds)} />
        <Kpi label="CSAT" value={t.csat.average === null ? '—' : `${t.csat.average.toFixed(1)} / 5 (${t.csat.ratings})`} testId="csat" />
        <Kpi label="SLA breaches" value={`${t.slaBreaches.firstResponse} first reply, ${t.slaBreaches.resolution} resolution`} />
      </dl>
      <DaysChart days={report.days} />
      <h2>By agent</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Conversations</th>
            <th scope="col">Resolved</th>
            <th scope="col">Median first response</th>
            <th scope="col">CSAT</th>
          </tr>
        </thead>
        <tbody>
          {report.agents.map((a) => (
            <tr>
              <th scope="row">{a.name}</th>
              <td>{a.conversations}</td>
              <td>{a.resolved}</td>
              <td>{duration(a.medianFirstResponseSeconds)}</td>
              <td>{a.csatAverage === null ? '—' : `${a.csatAverage.toFixed(1)} (${a.ratings})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <SelfService figures={report.selfService} />
      <TicketsReport figures={report.tickets} query={query} />
    </>
  );
}

/** Conversations per day as inline SVG bars: the handed-off share stacked on the bot's. */
function DaysChart({ days }: { days: Report['days'] }) {
  const width = 720;
  const height = 160;
  const max = Math.max(1, ...days.map((d) => d.conversations));
  const bar = width / days.length;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label="Conversations per day">
        {days.map((d, i) => {
          const h = (d.conversations / max) * height;
          const handed = (d.handedOff / max) * height;
          return (
            <g>
              <title>
                {d.date}: {d.conversations} conversations, {d.handedOff} handed off, {d.botResolved} resolved by the bot
              </title>
              <rect x={i * bar + 1} y={height - h} width={Math.max(1, bar - 2)} height={h} class="bar-total" />
              <rect x={i * bar + 1} y={height - handed} width={Math.max(1, bar - 2)} height={handed} class="bar-handed" />
            </g>
          );
        })}
        <text x="0" y={height + 16} class="axis">
          {days[0]?.date}
        </text>
        <text x={width} y={height + 16} text-anchor="end" class="axis">
          {days.at(-1)?.date}
        </text>
      </svg>
      <figcaption>
        <span class="swatch bar-total" /> all conversations <span class="swatch bar-handed" /> handed off to a person
      </figcaption>
    </figure>
  );
}
