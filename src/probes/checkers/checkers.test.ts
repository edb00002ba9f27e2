import { Check } from '../check.ts';
import {
  closedPort,
  startDnsServer,
  startHttpServer,
  startHttpsServer,
  startTcpServer,
} from '../testing/local-servers.ts';
import { SELF_SIGNED_CERT } from '../testing/self-signed.ts';
import { checkerContract } from './checkers.contract.ts';

const check = (c: Record<string, unknown>): Check => Check.parse({ id: 'c', service: 'svc', ...c });

checkerContract('http', async () => {
  const ok = await startHttpServer((_req, res) => res.end('fine'));
  const bad = await startHttpServer((_req, res) => {
    res.statusCode = 503;
    res.end('down');
  });
  const hang = await startHttpServer(() => {});
  return {
    ok: check({ kind: 'http', url: `http://127.0.0.1:${ok.port}/` }),
    failing: check({ kind: 'http', url: `http://127.0.0.1:${bad.port}/` }),
    hanging: check({ kind: 'http', url: `http://127.0.0.1:${hang.port}/` }),
    byName: check({ kind: 'http', url: `http://localhost:${ok.port}/` }),
    cleanup: async () => {
      await Promise.all([ok.close(), bad.close(), hang.close()]);
    },
  };
});

checkerContract('https (self-signed)', async () => {
  const ok = await startHttpsServer((_req, res) => res.end('fine'));
  const hang = await startTcpServer('silent');
  return {
    ok: check({ kind: 'http', url: `https://127.0.0.1:${ok.port}/`, ca: SELF_SIGNED_CERT }),
    failing: check({ kind: 'http', url: `https://127.0.0.1:${ok.port}/` }),
    hanging: check({ kind: 'http', url: `https://127.0.0.1:${hang.port}/`, insecure: true }),
    byName: check({ kind: 'http', url: `https://localhost:${ok.port}/`, ca: SELF_SIGNED_CERT }),
    cleanup: async () => {
      await Promise.all([ok.close(), hang.close()]);
    },
  };
});

checkerContract('dns', async () => {
  const ok = await startDnsServer('answer');
  const servfail = await startDnsServer('servfail');
  const silent = await startDnsServer('silent');
  return {
    ok: check({ kind: 'dns', name: 'example.test', resolver: `127.0.0.1:${ok.port}` }),
    failing: check({ kind: 'dns', name: 'example.test', resolver: `127.0.0.1:${servfail.port}` }),
    hanging: check({ kind: 'dns', name: 'example.test', resolver: `127.0.0.1:${silent.port}` }),
    byName: { skip: 'a resolver is named by its IP address; the name asked about is never connected to' },
    cleanup: async () => {
      await Promise.all([ok.close(), servfail.close(), silent.close()]);
    },
  };
});

checkerContract('tcp', async () => {
  const ok = await startTcpServer();
  const port = await closedPort();
  return {
    ok: check({ kind: 'tcp', host: '127.0.0.1', port: ok.port }),
    failing: check({ kind: 'tcp', host: '127.0.0.1', port }),
    hanging: { skip: 'a connection on loopback is answered at once (accepted or refused)' },
    byName: check({ kind: 'tcp', host: 'localhost', port: ok.port }),
    cleanup: ok.close,
  };
});

checkerContract('tls', async () => {
  const ok = await startHttpsServer((_req, res) => res.end('fine'));
  const hang = await startTcpServer('silent');
  return {
    ok: check({ kind: 'tls', host: '127.0.0.1', port: ok.port, ca: SELF_SIGNED_CERT }),
    failing: check({ kind: 'tls', host: '127.0.0.1', port: ok.port }),
    hanging: check({ kind: 'tls', host: '127.0.0.1', port: hang.port }),
    byName: check({ kind: 'tls', host: 'localhost', port: ok.port, ca: SELF_SIGNED_CERT }),
    cleanup: async () => {
      await Promise.all([ok.close(), hang.close()]);
    },
  };
});
