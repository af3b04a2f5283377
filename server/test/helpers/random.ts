/** Seeded, so a failing random schedule can be replayed from its seed. */
export { mulberry32 as seededRandom } from '../../src/bot/retrieval/prng';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
