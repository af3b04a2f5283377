import { ConfigError, loadConfig } from './config/config';
import { OWNER_EMAIL } from './agents/first-owner';
import { StoreUnavailable, storeLabel } from './db/open-store';
import { startServer } from './server';
import { DEMO_SITE_KEY } from './demo/seed';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const running = await startServer(config).catch((err: unknown) =>
  fail(`Parley could not start: ${err instanceof StoreUnavailable ? err.message : String(err)}`),
);
// With PORT=0 the OS picks the port; PUBLIC_URL then has to follow it.
const base = process.env.PUBLIC_URL ? config.PUBLIC_URL : running.url;

const demo = running.services.demo?.url;
console.log(`Parley is running on ${running.url}  (database: ${storeLabel(config)})
${demo ? `  Demo site:  ${demo}/  (its own origin, like a customer's site; PARLEY_DEMO=off turns it off)\n  Help center: ${base}/help/${DEMO_SITE_KEY}/\n` : ''}  Inbox:      ${base}/inbox/
  Widget:     ${base}/widget.js
  Health:     ${base}/healthz`);
if (running.services.inboundSmtp)
  console.log(`  Inbound mail (SMTP): ${config.HOST}:${running.services.inboundSmtp.port} for @${config.PARLEY_INBOUND_DOMAIN}`);
if (running.seed.generatedPassword) {
  console.log(`
  First run: created the owner account.
    email:    ${OWNER_EMAIL}
    password: ${running.seed.generatedPassword}
  This password is shown only once. Set PARLEY_ADMIN_PASSWORD before the first start to choose it.`);
} else {
  console.log(`  Log in as ${OWNER_EMAIL} with the password printed on the first run (or PARLEY_ADMIN_PASSWORD).`);
}

const shutdown = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// Test harnesses spawn the server with a stdin pipe: when the parent dies, so does the server.
if (process.env.PARLEY_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', shutdown).on('error', shutdown).resume();
}
