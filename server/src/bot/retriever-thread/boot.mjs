// Worker threads don't inherit the TypeScript loader of whoever started the server (tsx,
// vitest), so the thread registers tsx itself before loading its TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
