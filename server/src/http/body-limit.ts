import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors';

/**
 * Refuses request bodies over `maxSize` bytes with a 413. A body with a Content-Length and
 * no Transfer-Encoding is judged by the header alone: node's HTTP parser never reads past
 * the declared length, and leaving the body untouched keeps @hono/node-server's direct read
 * for `c.req.json()`. hono's own bodyLimit reads `c.req.raw.body` first, which builds a web
 * Request and a ReadableStream around every body: a tenth of a message POST's CPU in the
 * profile (docs/benchmarks.md). Chunked bodies, whose size is only known once read, still
 * go through hono's, which counts the bytes as they stream in.
 */
export function limitBody(maxSize: number) {
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  });
  return createMiddleware(async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number(length) > maxSize) throw tooLarge(maxSize);
    return next();
  });
}

const tooLarge = (maxSize: number) => new ApiError(413, 'payload_too_large', `Request body is larger than ${maxSize} bytes`);
