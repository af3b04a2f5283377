import { z } from 'zod';

export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');

/** Whether the pre-chat form shows a contact field, and whether it must be filled. */
export const FieldRequirement = z.enum(['hidden', 'optional', 'required']);
export type FieldRequirement = z.infer<typeof FieldRequirement>;

export const SUPPORTED_LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'ar'] as const;
export const Locale = z.enum(SUPPORTED_LOCALES);
export type Locale = z.infer<typeof Locale>;

/**
 * A site's owner-editable settings, stored as JSON on the site row. Every field has a
 * default so that settings written by an older version still parse after an upgrade.
 */
export const SiteSettings = z.object({
  theme: z
    .object({
      color: HexColor.default('#1f6feb'),
      position: z.enum(['right', 'left']).default('right'),
    })
    .prefault({}),
  texts: z
    .object({
      title: z.string().max(80).default('Chat with us'),
      greeting: z.string().max(500).default('Hi! Ask us anything — we usually answer right away.'),
      privacyUrl: z.url().nullable().default(null),
    })
    .prefault({}),
  contactFields: z
    .object({
      name: FieldRequirement.default('optional'),
      email: FieldRequirement.default('optional'),
      phone: FieldRequirement.default('hidden'),
    })
    .prefault({}),
  locale: Locale.nullable().default(null),
});
export type SiteSettings = z.infer<typeof SiteSettings>;
