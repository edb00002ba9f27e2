import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { createMcpServer } from '../../mcp/mcp-server.ts';

/**
 * The MCP server over streamable HTTP at /mcp, stateless (a new server per request, no session):
 * its tools read the same public API in-process (inject), so /mcp can do nothing the API refuses.
 * GET and DELETE (server-sent streams, sessions) answer 405, as the transport does without sessions.
 */
export function registerMcp(app: FastifyInstance, version: string): void {
  const get = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: path });
    return { status: res.statusCode, text: res.body };
  };
  app.post('/mcp', async (req, reply) => {
    const server = createMcpServer(get, version);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req.raw, reply.raw, req.body);
  });
  for (const method of ['GET', 'DELETE'] as const)
    app.route({
      method,
      url: '/mcp',
      handler: async (_req, reply) =>
        reply.code(405).header('allow', 'POST').type('application/problem+json').send({
          type: 'about:blank',
          title: 'Method Not Allowed',
          status: 405,
          detail: 'This MCP endpoint is stateless: POST JSON-RPC messages.',
        }),
    });
}
