import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { InboxConversationParams, SendWhatsAppTemplateBody, type WhatsAppTemplate, type WhatsAppTemplateList } from '@parley/protocol';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import type { Deps } from '../core/deps';
import type { ConversationRow } from '../db/rows';
import { sites, whatsappMedia, conversations } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { accountConversation } from '../sites/access';
import { postServerMessage } from '../conversations/commands';
import { sentByAgent, storedAgentMessage } from '../conversations/inbox-transcript';
import { channelSecrets, findChannel } from './channels';
import { GraphClient, GraphError, type GraphTemplate } from './graph';
import { windowOpenUntil } from './window';

/** A template's body text, and how many {{n}} parameters it takes. */
function toTemplate(t: GraphTemplate): WhatsAppTemplate {
  const body = t.components?.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
  const parameters = Math.max(0, ...[...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
  return { name: t.name, language: t.language, category: t.category ?? null, body, parameters };
}

/** The body as the customer gets it, for the transcript: each {{n}} replaced by its parameter. */
const rendered = (body: string, parameters: string[]) => body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);

/**
 * /v1/inbox/whatsapp: what agents need of WhatsApp beyond a conversation's own routes — its
 * approved templates (with until when a free-form reply may still go), sending one with its
 * parameters (the way to write to a customer past the 24-hour window), and the files
 * customers sent, to the site's agents only.
 */
export function whatsappConversationInboxRoutes(deps: Deps) {
  const { db, config } = deps;
  const graphOf = async (conversation: ConversationRow) => {
    const channel = conversation.whatsappChannelId ? await findChannel(db, conversation.whatsappChannelId) : undefined;
    if (conversation.channel !== 'whatsapp' || !channel) throw new ApiError(409, 'conflict', 'This conversation is not on a WhatsApp channel');
    const secrets = channelSecrets(config, channel);
    if (!secrets) throw new ApiError(503, 'unavailable', 'The channel’s access token cannot be read on this server (PARLEY_SECRET_KEY)');
    return { channel, graph: new GraphClient(config, secrets.accessToken) };
  };
  const approved = async (conversation: ConversationRow) => {
    const { channel, graph } = await graphOf(conversation);
    try {
      return (await graph.templates(channel.businessAccountId)).filter((t) => (t.status ?? 'APPROVED').toUpperCase() === 'APPROVED').map(toTemplate);
    } catch (err) {
      if (err instanceof GraphError) throw new ApiError(502, 'unavailable', `The templates could not be read: ${err.message}`);
      throw err;
    }
  };

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/conversations/:id/templates', validate('param', InboxConversationParams), async (c) => {
      const conversation = await accountConversation(db, c.get('agent').accountId, c.req.valid('param').id);
      const templates = await approved(conversation);
      const body: WhatsAppTemplateList = { windowOpenUntil: (await windowOpenUntil(db, conversation))?.toISOString() ?? null, templates };
      return c.json(body);
    })
    .post('/conversations/:id/templates', validate('param', InboxConversationParams), validate('json', SendWhatsAppTemplateBody), async (c) => {
      const agent = c.get('agent');
      const conversation = await accountConversation(db, agent.accountId, c.req.valid('param').id);
      const input = c.req.valid('json');
      const stored = await storedAgentMessage(deps, conversation.id, input.clientId, agent);
      if (stored) return c.json(stored, 200);
      const template = (await approved(conversation)).find((t) => t.name === input.name && t.language === input.language);
      if (!template) throw new ApiError(400, 'invalid_request', 'name: no approved template of that name and language');
      if (input.parameters.length !== template.parameters)
        throw new ApiError(400, 'invalid_request', `parameters: the template takes ${template.parameters}, not ${input.parameters.length}`);
      const message = await postServerMessage(deps, {
        conversationId: conversation.id,
        authorType: 'agent',
        authorAgentId: agent.id,
        body: rendered(template.body, input.parameters) || template.name,
        meta: { template: { name: template.name, language: template.language, parameters: input.parameters } },
        clientId: input.clientId,
      });
      return c.json(await sentByAgent(db, message, false), 201);
    })
    .get('/media/:id', validate('param', InboxConversationParams), async (c) => {
      const [file] = await db
        .select({ mime: whatsappMedia.mime, filename: whatsappMedia.filename, bytes: whatsappMedia.bytes })
        .from(whatsappMedia)
        .innerJoin(conversations, eq(conversations.id, whatsappMedia.conversationId))
        .innerJoin(sites, eq(sites.id, conversations.siteId))
        .where(and(eq(whatsappMedia.id, c.req.valid('param').id), eq(sites.accountId, c.get('agent').accountId)))
        .limit(1);
      if (!file) throw notFound('File');
      const name = (file.filename ?? 'file').replace(/[^\w.-]+/g, '_');
      // Shown as a download, never rendered on the inbox's origin: a customer's file is not trusted markup.
      return new Response(new Uint8Array(file.bytes), {
        headers: {
          'content-type': file.mime,
          'content-disposition': `attachment; filename="${name}"`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        },
      });
    });
}
