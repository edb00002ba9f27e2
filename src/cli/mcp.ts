import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { VERSION } from '../app/version.ts';
import { createMcpServer } from '../mcp/mcp-server.ts';
import { type Command, UsageError } from './io.ts';

const HELP = `Usage: downwatch mcp [--url URL]

A Model Context Protocol server on standard input and output, for AI assistants. Its read-only
tools (is_it_down, current_incidents, incident_report, service_history) ask a running Downwatch.

Options:
  --url URL    the Downwatch to ask (default http://localhost:8080)
  -h, --help   show this help
`;

/** `downwatch mcp`: the MCP tools over stdio, reading a running server's public API. */
export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Model Context Protocol server (stdio) for AI assistants',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        url: { type: 'string', default: 'http://localhost:8080' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    let base: URL;
    try {
      base = new URL(values.url);
    } catch {
      throw new UsageError(`--url: "${values.url}" is not a URL (such as http://localhost:8080).`);
    }
    if (!/^https?:$/.test(base.protocol))
      throw new UsageError(`--url: "${values.url}" is not an http(s) URL.`);
    const get = async (path: string) => {
      const res = await fetch(new URL(path, base));
      return { status: res.status, text: await res.text() };
    };
    const server = createMcpServer(get, VERSION);
    const closed = new Promise<void>((resolve) => {
      server.server.onclose = () => resolve();
    });
    await server.connect(new StdioServerTransport());
    await closed;
    return 0;
  },
};
