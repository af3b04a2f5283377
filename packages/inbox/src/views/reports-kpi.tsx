/** A share as a whole percent; null (nothing to take a share of) as a dash. */
export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** One figure of a report, as a tile in a `dl.kpis`. */
export function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div class="kpi">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
