// The architecture as a rule (`pnpm lint`, part of `pnpm test`); docs/architecture.md explains it.
//
// server/src is layered, bottom up. A folder may import folders of the layers below its own,
// never one of its own layer or above: so no two folders can import each other, directly or
// round a circle. Files at the root of server/src (app, server, services, main) compose
// everything and nothing imports them.
const SERVER_LAYERS = [
  ['config', 'i18n', 'http'],
  ['db', 'static'],
  ['realtime', 'audit', 'sla'],
  ['core'],
  ['avatars'],
  ['auth'],
  ['sites'],
  ['visitors', 'streams', 'kb', 'conversations'],
  ['routing', 'bot', 'canned', 'contacts', 'help', 'tickets'],
  ['agents', 'email', 'reports', 'webhooks', 'whatsapp'],
  ['privacy'],
  ['api', 'cli', 'demo'],
];

const folders = SERVER_LAYERS.flat();
const inServer = (names) => `^server/src/(${names.join('|')})/`;
const layerRules = SERVER_LAYERS.flatMap((layer, i) => {
  const notBelow = SERVER_LAYERS.slice(i).flat();
  return layer.map((folder) => ({
    name: `layer-${folder}`,
    comment: `server/src/${folder}/ may only import layers below its own (see SERVER_LAYERS)`,
    severity: 'error',
    from: { path: inServer([folder]) },
    to: { path: inServer(notBelow.filter((f) => f !== folder)) },
  }));
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other, directly or round a circle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'server-folders-are-layered',
      comment: 'Every folder of server/src must have its place in SERVER_LAYERS.',
      severity: 'error',
      from: { path: '^server/src/[^/]+/', pathNot: inServer(folders) },
      to: {},
    },
    {
      name: 'nothing-imports-the-composition-root',
      comment: 'app.ts, server.ts, services.ts and main.ts wire the features; no feature imports them.',
      severity: 'error',
      from: { path: '^server/src/[^/]+/' },
      to: { path: '^server/src/[^/]+\\.ts$' },
    },
    {
      name: 'product-code-imports-no-measurement-code',
      comment: 'Product code never imports the lab, evals, benches or tests (a unit test beside it may use test helpers).',
      severity: 'error',
      from: { path: '^server/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^server/(tools|bench|test)/' },
    },
    {
      name: 'protocol-imports-only-zod',
      comment: 'packages/protocol is the contract: zod and its own files, nothing else.',
      severity: 'error',
      from: { path: '^packages/protocol/' },
      to: { pathNot: ['^packages/protocol/', 'node_modules/zod/'] },
    },
    {
      name: 'nothing-imports-the-server',
      comment: 'The front ends and packages talk to the server over HTTP only.',
      severity: 'error',
      from: { path: '^(widget|packages)/' },
      to: { path: '^server/' },
    },
    {
      name: 'widget-imports-no-inbox-code',
      severity: 'error',
      from: { path: '^widget/' },
      to: { path: '^packages/inbox/' },
    },
    {
      name: 'inbox-imports-no-widget-code',
      severity: 'error',
      from: { path: '^packages/inbox/' },
      to: { path: '^widget/' },
    },
    {
      name: 'front-ends-take-only-types-from-protocol',
      comment:
        'zod must not reach the widget or inbox bundles: their product code imports protocol with `import type`, but for contrast.ts (plain functions on the theme colour, which the launcher and the help center share).',
      severity: 'error',
      from: { path: '^(widget|packages/inbox)/src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^packages/protocol/', pathNot: '^packages/protocol/src/contrast\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // Type-only imports count: a folder that needs another's types depends on it too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'], extensions: ['.ts', '.tsx', '.mjs', '.js'] },
  },
};
