import type { WidgetConfig } from '@parley/protocol';
import type { Strings } from './i18n';

export type Field = 'name' | 'email' | 'phone';
export const FIELDS: Field[] = ['name', 'email', 'phone'];

// The same rules as protocol's Email and Phone (the widget bundles no zod); a test runs both
// over the same samples.
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export const PHONE = /^\+?[0-9][0-9 ().-]{5,24}$/;

/** Inline errors for the pre-chat form, keyed by field; empty when it may be sent. */
export function contactErrors(values: Partial<Record<Field, string>>, fields: WidgetConfig['contactFields'], s: Strings) {
  const errors: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const v = values[f]?.trim() ?? '';
    if (fields[f] === 'hidden') continue;
    if (!v) {
      if (fields[f] === 'required') errors[f] = s.errRequired;
    } else if (f === 'email' && !EMAIL.test(v)) errors[f] = s.errEmail;
    else if (f === 'phone' && !PHONE.test(v)) errors[f] = s.errPhone;
  }
  return errors;
}

export const needsContactForm = (fields: WidgetConfig['contactFields']) => FIELDS.some((f) => fields[f] === 'required');
