/**
 * The waits between tries, in multiples of the first retry (PARLEY_WEBHOOK_RETRY_SECONDS, 5 s
 * by default): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, the schedule Standard Webhooks
 * suggests, about 28 hours in all. Then the delivery has failed.
 */
const STEPS = [1, 60, 360, 1440, 3600, 7200, 7200];

/** Every try of a delivery: the first, and one per step. */
export const MAX_ATTEMPTS = STEPS.length + 1;

/**
 * How long to wait after the `attempts`-th try failed, ±20 % so that deliveries that failed
 * together (a receiver down) are not all retried in the same second; undefined after the last.
 */
export function retryDelayMs(attempts: number, firstRetryMs: number, random: () => number = Math.random): number | undefined {
  const step = STEPS[attempts - 1];
  return step === undefined ? undefined : Math.round(step * firstRetryMs * (0.8 + 0.4 * random()));
}
