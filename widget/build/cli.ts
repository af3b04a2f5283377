import { fileURLToPath } from 'node:url';
import { buildWidget } from './build';
import { formatSizes, measure } from './sizes';

const outDir = fileURLToPath(new URL('../dist', import.meta.url));
const files = await buildWidget(outDir);
console.log(formatSizes(measure(outDir, files)));
