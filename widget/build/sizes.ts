import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Raw, gzip -9 and brotli (max quality) sizes: deterministic, so budgets can be exact. */
export function measure(dir: string, files: readonly string[]): FileSize[] {
  return files.map((file) => {
    const bytes = readFileSync(join(dir, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

export function formatSizes(sizes: readonly FileSize[]): string {
  const rows = sizes.map((s) => `| ${s.file} | ${s.raw} | ${s.gzip} | ${s.brotli} |`);
  return ['| file | raw | gzip | brotli |', '| --- | ---: | ---: | ---: |', ...rows].join('\n');
}
