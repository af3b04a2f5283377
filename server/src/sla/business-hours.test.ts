import { describe, expect, it } from 'vitest';
import { BusinessHours } from '@parley/protocol';
import { addBusinessMinutes, isOpen } from './business-hours';

const weekdays9to5 = (timezone: string) => BusinessHours.parse({ enabled: true, timezone });

describe('business hours', () => {
  it('counts wall-clock time when business hours are off', () => {
    const bh = BusinessHours.parse({});
    expect(isOpen(bh, new Date('2026-11-22T03:00:00Z'))).toBe(true);
    expect(addBusinessMinutes(bh, new Date('2026-11-22T03:00:00Z'), 90)?.toISOString()).toBe('2026-11-22T04:30:00.000Z');
  });

  it('knows when a weekday 9-to-5 site in Paris is open', () => {
    const bh = weekdays9to5('Europe/Paris');
    // Friday 2026-11-20: Paris is UTC+1 in November.
    expect(isOpen(bh, new Date('2026-11-20T08:30:00Z'))).toBe(true);
    expect(isOpen(bh, new Date('2026-11-20T07:59:00Z'))).toBe(false);
    expect(isOpen(bh, new Date('2026-11-20T16:00:00Z'))).toBe(false);
    expect(isOpen(bh, new Date('2026-11-21T10:00:00Z'))).toBe(false);
  });

  it('carries an SLA over the night and the weekend', () => {
    const bh = weekdays9to5('Europe/Paris');
    // Friday 16:30 Paris + 60 business minutes = Monday 09:30 Paris.
    expect(addBusinessMinutes(bh, new Date('2026-11-20T15:30:00Z'), 60)?.toISOString()).toBe('2026-11-23T08:30:00.000Z');
    // Saturday: the clock starts on Monday morning.
    expect(addBusinessMinutes(bh, new Date('2026-11-21T12:00:00Z'), 15)?.toISOString()).toBe('2026-11-23T08:15:00.000Z');
  });

  it('gets the day of a daylight-saving change right', () => {
    const bh = weekdays9to5('America/New_York');
    // Sunday 2026-03-08 is the US spring-forward; Monday 09:00 New York is then 13:00Z (EDT).
    expect(addBusinessMinutes(bh, new Date('2026-03-07T12:00:00Z'), 30)?.toISOString()).toBe('2026-03-09T13:30:00.000Z');
    // A week earlier, 09:00 New York was 14:00Z (EST).
    expect(addBusinessMinutes(bh, new Date('2026-02-28T12:00:00Z'), 30)?.toISOString()).toBe('2026-03-02T14:30:00.000Z');
  });

  it('has no deadline when no hour is ever open', () => {
    const closed = BusinessHours.parse({ enabled: true, days: { mon: [], tue: [], wed: [], thu: [], fri: [] } });
    expect(addBusinessMinutes(closed, new Date('2026-11-20T10:00:00Z'), 10)).toBeNull();
    expect(isOpen(closed, new Date('2026-11-20T10:00:00Z'))).toBe(false);
  });
});
