import { createSocket } from 'node:dgram';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTcp, type Server, type Socket } from 'node:net';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './self-signed.ts';

/** Servers the probe tests start on 127.0.0.1: HTTP, HTTPS (self-signed), DNS (UDP) and TCP. */
export type Local = { port: number; close: () => Promise<void> };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server, sockets: Set<Socket>): Promise<Local> {
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const startHttpServer = (handler: Handler): Promise<Local> => listen(createHttp(handler), new Set());

export const startHttpsServer = (handler: Handler): Promise<Local> =>
  listen(createHttps({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, handler), new Set());

/** A TCP server that accepts and then does nothing (or closes at once). */
export const startTcpServer = (mode: 'silent' | 'close' = 'close'): Promise<Local> =>
  listen(
    createTcp((s) => {
      if (mode === 'close') s.end();
    }),
    new Set(),
  );

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
export async function closedPort(): Promise<number> {
  const s = await startTcpServer();
  await s.close();
  return s.port;
}

export type DnsMode = 'answer' | 'servfail' | 'nxdomain' | 'silent';

/**
 * A minimal authoritative DNS server over UDP: answers every A question with `addresses`, or with
 * SERVFAIL or NXDOMAIN, or never answers. `mode` may be changed while it runs.
 */
export async function startDnsServer(
  mode: DnsMode,
  addresses: string[] = ['192.0.2.10'],
): Promise<Local & { mode: DnsMode; queries: number }> {
  const sock = createSocket('udp4');
  const state = { mode, queries: 0 };
  sock.on('message', (msg, rinfo) => {
    state.queries++;
    if (state.mode === 'silent' || msg.length < 12) return;
    let end = 12;
    while (end < msg.length && msg[end] !== 0) end += msg[end]! + 1;
    const question = msg.subarray(12, end + 5);
    const qtype = msg.readUInt16BE(end + 1);
    const rcode = state.mode === 'servfail' ? 2 : state.mode === 'nxdomain' ? 3 : 0;
    const answers = rcode === 0 && qtype === 1 ? addresses : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8000 | 0x0400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((a) => {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(1, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(4, 10);
      a.split('.').forEach((o, i) => {
        rr[12 + i] = Number(o);
      });
      return rr;
    });
    sock.send(Buffer.concat([header, question, ...records]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    port: sock.address().port,
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  });
}
