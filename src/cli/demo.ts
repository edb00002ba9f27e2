import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenarios/load.ts';
import { MINUTE } from '../shared/time.ts';
import type { Command } from './io.ts';
import { pacedFromOf, runReplay } from './replay.ts';

const HELP = `Usage: downwatch demo [--port N] [--speed N] [--exit] [--keep]

Starts Downwatch on a temporary embedded store and replays the 2024-03-05 Meta outage (Facebook
logged users out; Instagram, Messenger and Threads failed) fast enough to watch the status change
in a browser within a minute. Prints the URL and what it detected when.

Options:
  --port N    port to serve on (default 8080)
  --speed N   scenario minutes per real minute during the outage (default 120)
  --exit      stop when the replay ends instead of serving on
  --keep      keep the temporary store afterwards (its path is printed); removed by default
  -h, --help  show this help

Other settings (alerts, SMTP, the public URL, catalogs, …) come from the same environment
variables as \`downwatch serve\`, so alerts can be watched too.
`;

export const demo: Command = {
  name: 'demo',
  summary: 'watch the 2024-03-05 Meta outage replayed live',
  async run(args, io, env) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        speed: { type: 'string' },
        exit: { type: 'boolean' },
        keep: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const scenario = loadScenario(
      fileURLToPath(new URL('../../scenarios/2024-03-05-meta.yaml', import.meta.url)),
    );
    const outage = pacedFromOf(scenario) ?? 0;
    return runReplay(scenario, io, env, {
      seed: 1,
      scale: 0.02,
      speed: Number(values.speed ?? 120),
      // Race through the normal day before; slow down ten minutes before the first failure.
      pacedFrom: outage - 10 * MINUTE,
      port: Number(values.port ?? 8080),
      serveOn: !values.exit,
      keepStore: values.keep ?? false,
    });
  },
};
