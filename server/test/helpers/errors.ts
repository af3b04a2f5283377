import { expect } from 'vitest';
import type { ErrorBody } from '@parley/protocol';

/** Asserts the `{ error: { code, message } }` answer every bad request gets. */
export function expectError(res: { status: number; body: unknown }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect((res.body as ErrorBody).error.code).toBe(code);
  expect(typeof (res.body as ErrorBody).error.message).toBe('string');
}
