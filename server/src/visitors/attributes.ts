import type { VisitorRow } from '../db/rows';
import { ApiError } from '../http/errors';

/** Attributes one visitor may carry: enough for a CRM's fields, few enough to show in a sidebar. */
const MAX_ATTRIBUTES = 50;

/**
 * `changes` merged into `current`: a null value removes its key. 400 past MAX_ATTRIBUTES, so
 * neither the widget nor the API can grow a visitor's attributes without bound.
 */
export function mergeAttributes(current: VisitorRow['attributes'], changes: VisitorRow['attributes'] | undefined): VisitorRow['attributes'] {
  const merged = { ...current };
  for (const [k, v] of Object.entries(changes ?? {})) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  if (Object.keys(merged).length > MAX_ATTRIBUTES) throw new ApiError(400, 'invalid_request', `attributes: must have at most ${MAX_ATTRIBUTES} attributes`);
  return merged;
}
