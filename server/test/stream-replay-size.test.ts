import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postServerMessage } from '../src/conversations/commands';
import { sleep } from './helpers/random';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PARLEY_STREAM_REPLAY_MAX: '2000' });
});
afterAll(() => server.stop());

it('replays megabytes to a client that reads slowly at its pace, without cutting it off as a laggard', async () => {
  const visitor = await VisitorClient.create(server.url);
  const { id: conversationId } = await visitor.conversation('replay-size-1');
  const body = 'x'.repeat(4900);
  const N = 1500;
  for (let i = 0; i < N; i++) await postServerMessage(server.deps, { conversationId, authorType: 'agent', body: `${i} ${body}` });

  // A client that takes nothing for a while, then reads: ~7.5 MB wait in the server meanwhile.
  const received = await new Promise<number>((resolve, reject) => {
    request(`${server.url}/v1/widget/stream?token=${visitor.token}&lastEventId=0`, (res) => {
      res.pause();
      let text = '';
      let events = 0;
      void sleep(1500).then(() => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          const frames = text.split('\n\n');
          text = frames.pop()!;
          events += frames.filter((f) => f.includes('"message.created"')).length;
          if (events === N) {
            res.destroy();
            resolve(events);
          }
        });
        res.on('close', () => resolve(events));
        res.resume();
      });
    })
      .on('error', reject)
      .end();
  });
  expect(received).toBe(N);
}, 120_000);
