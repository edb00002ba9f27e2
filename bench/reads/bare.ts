/**
 * The bare comparison server of bench/reads, run as a child process:
 *
 *   node bench/reads/bare.ts STATUS_BODY_FILE PAGE_BODY_FILE
 *
 * bench/intake's bare Fastify (the same constructor options and access-log hook as the real server)
 * plus two GET routes that send fixed bodies of the real responses' size and type: the cached status
 * JSON and a service page, as captured from the real server. No snapshot, no cache lookup, no headers.
 */
import { readFileSync } from 'node:fs';
import { bareServer, benchConfig } from '../intake/server.ts';

const [statusFile, pageFile] = process.argv.slice(2);
if (!statusFile || !pageFile || !process.send) throw new Error('usage: started by bench/reads/run.ts');
const status = readFileSync(statusFile, 'utf8');
const page = readFileSync(pageFile, 'utf8');
const app = bareServer(benchConfig('warn', '/nonexistent'));
app.get('/bare/status', async (_req, reply) => reply.type('application/json; charset=utf-8').send(status));
app.get('/bare/page', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.on('message', (m: { type?: string }) => {
  if (m.type === 'close')
    app.close().then(() => {
      process.send?.({ type: 'closed' });
      process.disconnect();
    });
});
process.once('disconnect', () => {
  app.close().finally(() => process.exit());
});
process.send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
