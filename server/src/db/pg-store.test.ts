import { describe } from 'vitest';
import { testDatabase } from '../../test/helpers/test-db';
import { runStoreContract } from './store.contract';

// Needs a PostgreSQL cluster: `pnpm test:pg` (and CI) run it; `pnpm test` has none to run it on.
describe.runIf(process.env.PARLEY_TEST_PG)('PostgreSQL', () => runStoreContract('postgres', () => testDatabase('postgres')));
