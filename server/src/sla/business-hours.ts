import { WEEKDAYS, type BusinessHours } from '@parley/protocol';

/*
 * Business-hours arithmetic in the site's time zone, with Intl only (no date library): local
 * wall-clock times are turned into instants by measuring the zone's UTC offset at that instant,
 * which also gets daylight-saving days right.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `t`, as if it were UTC (ms). */
function wallClock(t: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** The instant at which the wall clock in `timeZone` shows `wall` (a UTC-ms encoding of local time). */
function instantOf(wall: number, timeZone: string): number {
  const guess = wall - (wallClock(wall, timeZone) - wall);
  // A second pass settles the offset when the first guess fell across a DST change.
  return wall - (wallClock(guess, timeZone) - guess);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
// getUTCDay: 0 = Sunday.
const weekdayOf = (wallDay: number) => WEEKDAYS[(new Date(wallDay).getUTCDay() + 6) % 7]!;

/** Whether the site is open at instant `t`; always true when business hours are off. */
export function isOpen(bh: BusinessHours, t: Date): boolean {
  if (!bh.enabled) return true;
  const wall = wallClock(t.getTime(), bh.timezone);
  const day = wall - (wall % 86_400_000);
  const minute = (wall - day) / 60_000;
  return bh.days[weekdayOf(day)].some((i) => minute >= minutesOf(i.from) && minute < minutesOf(i.to));
}

/**
 * `minutes` of business time after `start`: the SLA deadline. With business hours off it is
 * plain wall-clock time. A schedule with no open hours at all yields null (no deadline).
 */
export function addBusinessMinutes(bh: BusinessHours, start: Date, minutes: number): Date | null {
  if (!bh.enabled) return new Date(start.getTime() + minutes * 60_000);
  let remaining = minutes * 60_000;
  const wall = wallClock(start.getTime(), bh.timezone);
  const firstDay = wall - (wall % 86_400_000);
  // A year of days is more than any SLA target needs; past it the schedule is empty.
  for (let i = 0; i < 370; i++) {
    const day = firstDay + i * 86_400_000;
    for (const interval of bh.days[weekdayOf(day)]) {
      const from = Math.max(instantOf(day + minutesOf(interval.from) * 60_000, bh.timezone), start.getTime());
      const to = instantOf(day + minutesOf(interval.to) * 60_000, bh.timezone);
      if (to <= from) continue;
      if (remaining <= to - from) return new Date(from + remaining);
      remaining -= to - from;
    }
  }
  return null;
}
