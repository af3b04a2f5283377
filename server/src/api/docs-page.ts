import { Hono } from 'hono';
import { html } from 'hono/html';
import { operationsOf, webhookOperations, type Routed } from './openapi';

/** Nothing but this page's own style: no script, no other origin, no frame. */
const DOCS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}
h2{margin-top:2.5rem;border-bottom:1px solid #ddd}section{margin:1.5rem 0}code,pre{font:13px ui-monospace,monospace}
pre{background:#f5f5f8;padding:.75rem;overflow:auto;border-radius:6px}.m{display:inline-block;min-width:4.5em;font-weight:700}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}`;

/**
 * GET /docs: the API reference, rendered by the server from the same operations as
 * /v1/openapi.json (readable without JavaScript, nothing fetched from elsewhere); every
 * string goes through hono/html's escaping.
 */
export function docsPage(app: Routed) {
  let page: ReturnType<typeof render> | undefined;
  return new Hono().get('/', (c) => {
    page ??= render(app);
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(page);
  });
}

function render(app: Routed) {
  const operations = operationsOf(app);
  const tags = [...new Set(operations.flatMap((o) => o.tags))];
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Parley API reference</title>
    <style>
      ${STYLE}
    </style>
  </head>
  <body>
    <h1>Parley API reference</h1>
    <p>
      Generated from the running server's routes and the schemas it validates requests with. Machine-readable:
      <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1). What each route answers, with examples: <code>docs/api.md</code>.
    </p>
    ${tags.map(
      (tag) => html`<h2>${tag}</h2>
        ${operations
          .filter((o) => o.tags.includes(tag))
          .map(
            (o) => html`<section>
              <h3><span class="m">${o.method}</span> <code>${o.path}</code></h3>
              <p>${o.security.length === 0 ? 'No authentication.' : `Authentication: ${o.security.map((s) => Object.keys(s).join(' + ')).join(' or ')}.`}</p>
              ${o.parameters.length > 0
                ? html`<table>
                    <tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr>
                    ${o.parameters.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${JSON.stringify(p.schema)}</code></td></tr>`)}
                  </table>`
                : ''}
              ${o.requestBody ? html`<p>JSON body:</p><pre>${JSON.stringify(o.requestBody.content['application/json'].schema, null, 2)}</pre>` : ''}
            </section>`,
          )}`,
    )}
    <h2>webhooks</h2>
    <p>
      What Parley POSTs to an endpoint made with <code>POST /v1/inbox/webhooks</code>, signed per Standard Webhooks (headers
      <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>; docs/api.md says how to verify them).
    </p>
    ${Object.entries(webhookOperations()).map(
      ([type, { post }]) => html`<section>
        <h3><code>${type}</code></h3>
        <pre>${JSON.stringify(post.requestBody.content['application/json'].schema, null, 2)}</pre>
      </section>`,
    )}
  </body>
</html>`;
}
