import { z, type ZodType } from 'zod';
import { ErrorBody, INBOUND_SECRET_HEADER, WebhookPayloads } from '@parley/protocol';
import { requestSchemaOf, type RequestSchema } from '../http/validate';

/*
 * GET /v1/openapi.json: OpenAPI 3.1 generated from the running app. Its operations are the
 * app's own routes (Hono's route table), and each one's parameters and body are the zod
 * schemas its `validate(…)` middlewares check requests with (zod's JSON Schema output), so
 * the document cannot describe a route that does not exist or miss one that does. What each
 * answers is in docs/api.md; the document gives the error shape every 4xx shares.
 */

/** An app's route table, as Hono keeps it (`app.routes`): one entry per handler and middleware. */
export interface Routed {
  routes: readonly { method: string; path: string; handler: unknown }[];
}

export interface OpenApiOperation {
  method: string;
  path: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: unknown }[];
  requestBody?: { required: true; content: { 'application/json': { schema: unknown } } };
}

/** The routes the document covers: the APIs and the probes, not static files or the demo. */
const DOCUMENTED = /^\/(v1\/|healthz$|readyz$)/;

/** A request schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect, so no `$schema` in each). */
function jsonSchema(schema: ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parametersOf(where: 'path' | 'query' | 'header', schema: ZodType): OpenApiOperation['parameters'] {
  const object = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/** Who may call a path: the widget's visitor token, the inbox's session cookie or an API token, inbound mail's shared secret. */
function securityOf(method: string, path: string): { tags: string[]; security: OpenApiOperation['security'] } {
  if (path.startsWith('/v1/widget')) {
    const anonymous = (method === 'POST' && path === '/v1/widget/visitors') || (method === 'GET' && (path === '/v1/widget/config' || path.startsWith('/v1/widget/articles')));
    return { tags: ['widget'], security: anonymous ? [] : [{ visitorToken: [] }] };
  }
  if (path.startsWith('/v1/inbox')) return { tags: ['inbox'], security: [{ session: [] }, { apiToken: [] }] };
  if (path.startsWith('/v1/inbound')) return { tags: ['inbound email'], security: [{ inboundSecret: [] }] };
  return { tags: ['other'], security: [] };
}

/** Every documented operation of `app`, in route order, with what its validators check. */
export function operationsOf(app: Routed): OpenApiOperation[] {
  const byRoute = new Map<string, { method: string; path: string; checks: RequestSchema[] }>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || !DOCUMENTED.test(route.path) || route.path.includes('*')) continue;
    const key = `${route.method} ${route.path}`;
    const entry = byRoute.get(key) ?? { method: route.method, path: route.path, checks: [] };
    const check = requestSchemaOf(route.handler);
    if (check) entry.checks.push(check);
    byRoute.set(key, entry);
  }
  return [...byRoute.values()].map(({ method, path, checks }) => {
    const params = checks.find((c) => c.target === 'param');
    const pathNames = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const parameters = [
      ...(params ? parametersOf('path', params.schema) : pathNames.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' } }))),
      ...checks.filter((c) => c.target === 'query').flatMap((c) => parametersOf('query', c.schema)),
      ...checks.filter((c) => c.target === 'header').flatMap((c) => parametersOf('header', c.schema)),
    ];
    const body = checks.find((c) => c.target === 'json');
    return {
      method,
      path,
      ...securityOf(method, path),
      parameters,
      ...(body ? { requestBody: { required: true as const, content: { 'application/json': { schema: jsonSchema(body.schema) } } } } : {}),
    };
  });
}

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: 'The delivery: the same on every retry and replay, so dedupe on it.' },
  { name: 'webhook-timestamp', description: 'Seconds since the epoch when this try was signed: refuse one far from now.' },
  {
    name: 'webhook-signature',
    description: '`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed by the secret after `whsec_`; space-separated, one per secret during a rotation.',
  },
];

/** What Parley POSTs to an account's webhook endpoints, one entry per event type (Standard Webhooks). */
export function webhookOperations() {
  return Object.fromEntries(
    Object.entries(WebhookPayloads).map(([type, schema]) => [
      type,
      {
        post: {
          summary: `${type}, POSTed to the endpoints that subscribed to it`,
          parameters: SIGNATURE_HEADERS.map((h) => ({ ...h, in: 'header', required: true, schema: { type: 'string' } })),
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(schema) } } },
          responses: { '2XX': { description: 'Delivered. Anything else, or no answer within 10 s, is retried for about a day; 410 turns the endpoint off.' } },
        },
      },
    ]),
  );
}

export function openApiDocument(app: Routed, serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operationsOf(app)) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${op.path.replace(/[:/{}-](\w)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      tags: op.tags,
      security: op.security,
      parameters: op.parameters,
      ...(op.requestBody ? { requestBody: op.requestBody } : {}),
      responses: {
        '2XX': { description: 'Success: the answer is described in docs/api.md' },
        '4XX': { description: 'A bad request, refused or not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1',
      description: 'The visitor (widget) API, the inbox API, inbound email, and the webhooks Parley sends. Answers and examples: docs/api.md.',
    },
    servers: [{ url: serverUrl }],
    paths,
    webhooks: webhookOperations(),
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBody) },
      securitySchemes: {
        visitorToken: { type: 'http', scheme: 'bearer', description: 'The token POST /v1/widget/visitors answers.' },
        session: { type: 'apiKey', in: 'cookie', name: 'parley_session', description: 'The inbox sign-in (POST /v1/inbox/auth/login); writes need the inbox Origin.' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (POST /v1/inbox/api-tokens), within its scopes.' },
        inboundSecret: { type: 'apiKey', in: 'header', name: INBOUND_SECRET_HEADER, description: 'PARLEY_INBOUND_WEBHOOK_SECRET.' },
      },
    },
  };
}
