import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What compresses: scripts, styles, pages, data. Images and fonts are compressed formats already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|txt|xml|webmanifest)$/;

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) beside every compressible file
 * under `dir`: once at build time, the slowest and smallest settings cost nothing per
 * request. A copy that would not be smaller is not written, so the file is sent as it is.
 * Returns the copies written.
 */
export function precompressDir(dir: string): string[] {
  const written: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      written.push(...precompressDir(path));
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const bytes = readFileSync(path);
    const copies: [string, Buffer][] = [
      ['.br', brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })],
      ['.gz', gzipSync(bytes, { level: 9 })],
    ];
    for (const [ext, copy] of copies) {
      if (copy.length >= bytes.length) continue;
      writeFileSync(path + ext, copy);
      written.push(path + ext);
    }
  }
  return written;
}

/** The same as a vite plugin: after a build has written its files. */
export function precompress(): Plugin {
  return {
    name: 'parley-precompress',
    apply: 'build',
    writeBundle(options) {
      if (options.dir) precompressDir(options.dir);
    },
  };
}
