/**
 * The bench's targets, in their own process so that their CPU is not counted as the prober's:
 * an HTTP server, a DNS server and a TCP server on 127.0.0.1. Prints their ports as one JSON line.
 */
import { startDnsServer, startHttpServer, startTcpServer } from '../../src/probes/testing/local-servers.ts';

const http = await startHttpServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end('{"status":"up"}');
});
const dns = await startDnsServer('answer');
const tcp = await startTcpServer('close');
process.stdout.write(`${JSON.stringify({ http: http.port, dns: dns.port, tcp: tcp.port })}\n`);
process.on('SIGTERM', () => {
  Promise.all([http.close(), dns.close(), tcp.close()]).then(() => process.exit(0));
});
