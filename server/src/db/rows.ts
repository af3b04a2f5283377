import type { agents, apiTokens, articles, conversations, emailLog, invites, messages, sessions, sites, visitors, webhookDeliveries, webhooks, whatsappChannels, whatsappInbound, whatsappMessages } from './schema';

/* The rows features pass between them, as drizzle reads them: defined once, beside the schema. */
export type SiteRow = typeof sites.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type AgentRow = typeof agents.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type ArticleRow = typeof articles.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type EmailLogRow = typeof emailLog.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WhatsAppChannelRow = typeof whatsappChannels.$inferSelect;
export type WhatsAppInboundRow = typeof whatsappInbound.$inferSelect;
export type WhatsAppMessageRow = typeof whatsappMessages.$inferSelect;
