import { testDatabase } from '../../test/helpers/test-db';
import { runStoreContract } from './store.contract';

runStoreContract('sqlite', () => testDatabase('sqlite'));
