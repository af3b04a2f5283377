import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookEventType } from '@parley/protocol';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * The OpenAPI document (issue 14) against the server it describes: every route of the APIs
 * is in it and every operation in it is served, with the schemas the server validates with.
 */
let server: TestServer;
interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: { name: string; in: string; required: boolean }[];
        requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
        security: object[];
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown> };
  webhooks: Record<
    string,
    { post: { parameters: { name: string; in: string }[]; requestBody: { content: { 'application/json': { schema: { properties: Record<string, any> } } } } } }
  >;
}
let doc: Doc;

beforeAll(async () => {
  // With inbound email on, so its route exists to be described.
  server = await startTestServer({ PARLEY_INBOUND_DOMAIN: 'reply.example.com', PARLEY_INBOUND_WEBHOOK_SECRET: 'inbound-secret-123456' });
  doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as Doc;
});
afterAll(() => server.stop());

const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));

describe('GET /v1/openapi.json', () => {
  it('describes every route of the widget, inbox and inbound APIs and the probes, and nothing else', () => {
    const served = new Set(
      server.routes
        .filter((r) => r.method !== 'ALL' && /^\/(v1\/|healthz$|readyz$)/.test(r.path) && !r.path.includes('*'))
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect(doc.openapi).toBe('3.1.0');
    expect(new Set(operations())).toEqual(served);
    for (const op of ['POST /v1/widget/visitors', 'GET /v1/inbox/contacts', 'POST /v1/inbox/api-tokens', 'POST /v1/inbound/email', 'GET /v1/widget/stream']) {
      expect(operations()).toContain(op);
    }
  });

  it('has every operation answered by a route of the server, never the not-found of an unknown path', async () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        if (path.endsWith('/stream')) continue;
        const res = await fetch(`${server.url}${path.replace(/\{\w+\}/g, 'x')}`, { method: method.toUpperCase(), signal: AbortSignal.timeout(5000) });
        const text = await res.text();
        expect(text, `${method} ${path}`).not.toContain('No route for');
      }
    }
  });

  it('gives each operation the parameters and body schema its validators check, and who may call it', () => {
    const create = doc.paths['/v1/inbox/api-tokens']!.post!;
    const body = create.requestBody!.content['application/json'].schema as { properties: Record<string, { items?: { enum?: string[] } }>; required: string[] };
    expect(body.required).toEqual(expect.arrayContaining(['name', 'scopes']));
    expect(body.properties.scopes!.items!.enum).toContain('contacts:write');
    expect(create.security).toEqual([{ session: [] }, { apiToken: [] }]);
    const contact = doc.paths['/v1/inbox/contacts/{id}']!.patch!;
    expect(contact.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(doc.paths['/v1/inbox/contacts']!.get!.parameters.map((p) => p.name)).toEqual(['siteId', 'q', 'before', 'limit']);
    expect(doc.paths['/v1/widget/visitors']!.post!.security).toEqual([]);
    expect(doc.paths['/v1/widget/conversations']!.get!.security).toEqual([{ visitorToken: [] }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiToken', 'inboundSecret', 'session', 'visitorToken']);
  });
});

describe('the webhooks section', () => {
  it('describes the body and the signature headers of every event an endpoint can subscribe to, and the test event', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WebhookEventType.options, 'webhook.test'].sort());
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(['header webhook-id', 'header webhook-timestamp', 'header webhook-signature']);
      const body = post.requestBody.content['application/json'].schema;
      expect(body.properties.type).toEqual({ type: 'string', const: type });
      expect(Object.keys(body.properties)).toEqual(['type', 'timestamp', 'data']);
    }
  });
});

describe('GET /docs', () => {
  it('renders the reference from the same operations, with no script and nothing from another origin', async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('<code>/v1/inbox/contacts</code>');
    expect(page).toContain('<h3><code>conversation.assigned</code></h3>');
    expect(page).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
    // Schemas are shown escaped: a pattern's characters never become markup.
    expect(page).not.toContain('"pattern": "^\\d');
  });
});
