import { parseArgs } from 'node:util';
import { Agent } from '../probes/agent/agent.ts';
import { Vantage } from '../probes/result.ts';
import { parseOrThrow } from '../shared/zod-issues.ts';
import { type Command, UsageError } from './io.ts';

const HELP = `Usage: downwatch agent --server URL --token TOKEN [options]

Runs a remote probe agent: fetches its checks from the Downwatch server, runs them, and pushes the
results. Results are written to a disk buffer before they are sent and removed once the server has
acknowledged them, so an agent that is stopped, killed or cut off from the server loses nothing.
The server registers agents and issues their tokens (POST /api/v1/admin/agents).

Options:
  --server URL          the Downwatch server, e.g. https://downwatch.example.com
  --token TOKEN         this agent's token (or DOWNWATCH_AGENT_TOKEN)
  --buffer DIR          where results wait to be sent (default ./downwatch-agent)
  --name NAME           how this vantage point describes itself (informational)
  --country CC          its country, ISO 3166-1 alpha-2 (e.g. NL)
  --network ASN         its network, e.g. AS3320
  --concurrency N       checks running at once (default 50)
  --allow-private       let checks reach private and loopback addresses (your own network)
  -h, --help            show this help
`;

/** `downwatch agent`: a remote vantage point. */
export const agentCommand: Command = {
  name: 'agent',
  summary: 'run a remote probe agent that pushes results to a server',
  async run(args, io, env) {
    const { values } = parseArgs({
      args,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        buffer: { type: 'string', default: './downwatch-agent' },
        name: { type: 'string' },
        country: { type: 'string' },
        network: { type: 'string' },
        concurrency: { type: 'string', default: '50' },
        'allow-private': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const token = values.token ?? env.DOWNWATCH_AGENT_TOKEN;
    if (!values.server || !token)
      throw new UsageError('downwatch agent needs --server URL and --token TOKEN; see --help.');
    if (!URL.canParse(values.server)) throw new UsageError(`--server: "${values.server}" is not a URL.`);
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError('--concurrency must be a whole number of at least 1.');
    let vantage: Vantage;
    try {
      vantage = parseOrThrow(
        Vantage,
        { name: values.name, country: values.country?.toUpperCase(), network: values.network },
        'vantage',
      );
    } catch (e) {
      const issues = (e as { issues?: { field: string; message: string }[] }).issues ?? [];
      throw new UsageError(issues.map((i) => `--${i.field}: ${i.message}`).join('\n') || String(e));
    }
    const log = (line: string) => io.stderr.write(`${new Date().toISOString()} ${line}\n`);
    const agent = new Agent({
      server: values.server,
      token,
      bufferDir: values.buffer,
      vantage,
      policy: { allowPrivate: values['allow-private'] },
      concurrency,
      log,
    });
    const stopped = new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: writing pending results to the buffer and stopping…`);
        agent.stop().then(resolve, resolve);
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    log(`agent for ${values.server}, buffer ${values.buffer}`);
    await agent.start();
    await stopped;
    log(`stopped: ${agent.stats.produced} results produced, ${agent.stats.sent} accepted by the server`);
    return 0;
  },
};
