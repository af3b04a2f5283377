import { createServer } from 'node:http';

/*
 * The ceiling of `pnpm bench streams`: bare node:http holding Server-Sent Event streams, each
 * sent its headers and a comment, kept in a set; what a stream costs with nothing of Parley's.
 * Plain JavaScript, run by node alone, as the built server is.
 */
const open = new Set();
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(': open\n\n');
  open.add(res);
  req.on('close', () => open.delete(res));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});
process.stdin.on('end', () => process.exit(0)).resume();
