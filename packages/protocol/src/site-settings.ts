import { z } from 'zod';

export const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb');

/** Whether the pre-chat form shows a contact field, and whether it must be filled. */
export const FieldRequirement = z.enum(['hidden', 'optional', 'required']);
export type FieldRequirement = z.infer<typeof FieldRequirement>;

export const SUPPORTED_LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'ar'] as const;
export const Locale = z.enum(SUPPORTED_LOCALES);
export type Locale = z.infer<typeof Locale>;

export const Priority = z.enum(['low', 'medium', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** Who phrases the bot's answers: the matched article itself, or Claude grounded on it. */
export const BotProviderName = z.enum(['local', 'anthropic']);
export type BotProviderName = z.infer<typeof BotProviderName>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:00');
export const OpenInterval = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((i) => i.from < i.to, 'must end after it starts');

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const weekdayHours = (open: boolean) => z.array(OpenInterval).max(4).default(open ? [{ from: '09:00', to: '17:00' }] : []);

export const BusinessHours = z.object({
  /** Off: always open (SLA counts wall-clock time, nobody online is the only offline case). */
  enabled: z.boolean().default(false),
  timezone: z.string().refine(validTimeZone, 'must be an IANA time zone like Europe/Paris').default('UTC'),
  days: z
    .object({
      mon: weekdayHours(true),
      tue: weekdayHours(true),
      wed: weekdayHours(true),
      thu: weekdayHours(true),
      fri: weekdayHours(true),
      sat: weekdayHours(false),
      sun: weekdayHours(false),
    })
    .prefault({}),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

/**
 * What the site keeps, and what visitors agree to. `retentionDays`: conversations resolved
 * longer ago are erased on a schedule, and visitors left with none who were last seen as long
 * ago (null keeps everything). `consent`: when required, the widget shows `text` with a
 * checkbox and the server takes no message from a visitor who has not agreed to `version`,
 * which the server bumps whenever the text changes (a version the owner sends is ignored).
 */
export const Privacy = z.object({
  retentionDays: z.number().int().min(1).max(3650).nullable().default(null),
  consent: z
    .object({
      required: z.boolean().default(false),
      text: z.string().trim().max(1000).default(''),
      version: z.number().int().min(0).default(0),
    })
    .refine((c) => !c.required || c.text.length > 0, { message: 'text: required when consent is required', path: ['text'] })
    .prefault({}),
});
export type Privacy = z.infer<typeof Privacy>;

const minutes = z.number().int().min(1).max(60 * 24 * 60);
const SlaTarget = (firstResponse: number, resolution: number) =>
  z
    .object({ firstResponseMinutes: minutes.default(firstResponse), resolutionMinutes: minutes.default(resolution) })
    .prefault({});

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
      /** Shown to visitors as a link: http(s) only, so it can never be `javascript:` or `data:`. */
      privacyUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).nullable().default(null),
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
  /** When agents are expected to answer; outside them a handed-off visitor is told to expect email. */
  businessHours: BusinessHours.prefault({}),
  /** Per-priority targets in business minutes: first agent reply, and resolution. */
  sla: z
    .object({
      low: SlaTarget(8 * 60, 5 * 8 * 60),
      medium: SlaTarget(4 * 60, 2 * 8 * 60),
      high: SlaTarget(60, 8 * 60),
      urgent: SlaTarget(15, 4 * 60),
    })
    .prefault({}),
  /**
   * How sure the bot must be (calibrated confidence of its best article, 0–1) to answer, or
   * to ask "Did you mean…"; below `clarifyThreshold` it offers a person. Defaults chosen on
   * the dev data sets (docs/eval.md). After `unhelpfulTurns` unhelpful turns in a row (no
   * confident answer, or "not helpful" feedback) it offers a person. `provider` phrases the
   * answers and the inbox's drafts: `anthropic` is Claude when the server has
   * ANTHROPIC_API_KEY (and `local` without one, as nothing else could answer); `local` never
   * calls Claude, even with a key. The default keeps what a key alone has always meant.
   */
  bot: z
    .object({
      provider: BotProviderName.default('anthropic'),
      answerThreshold: z.number().min(0).max(1).default(0.75),
      clarifyThreshold: z.number().min(0).max(1).default(0.33),
      unhelpfulTurns: z.number().int().min(1).max(10).default(2),
    })
    .refine((b) => b.clarifyThreshold <= b.answerThreshold, 'clarifyThreshold must not exceed answerThreshold')
    .prefault({}),
  privacy: Privacy.prefault({}),
  /**
   * The public help center (/help/:siteKey/): whether search engines may index it, what the
   * widget's launcher opens first, and the page of the site (with the widget on it) that its
   * "Chat with us" links to; null: the site's first allowed origin.
   */
  helpCenter: z
    .object({
      indexable: z.boolean().default(true),
      launcherOpens: z.enum(['chat', 'help']).default('chat'),
      chatUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).nullable().default(null),
    })
    .prefault({}),
  /**
   * Tickets: the categories a visitor chooses from in the widget's "Send us a message" form
   * (none: the form asks for none); what the widget offers when nobody can answer (today's
   * email prompt, the form, or both); a ticket waiting on the customer resolves itself after
   * `pendingDays` without an answer, and a resolved one closes after `closeDays`.
   */
  tickets: z
    .object({
      categories: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
      whenOffline: z.enum(['email', 'form', 'both']).default('both'),
      pendingDays: z.number().int().min(1).max(365).default(7),
      closeDays: z.number().int().min(1).max(365).default(14),
    })
    .prefault({}),
});
export type SiteSettings = z.infer<typeof SiteSettings>;
