import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app.ts';
import { checkDataDir, loadConfig } from '../config/config.ts';
import { storeFlags, storeFlagsHelp, storeOverrides } from './config-flags.ts';
import type { Command } from './io.ts';

const HELP = `Usage: downwatch serve [options]

Runs Downwatch: the report API, status and signals, on http://HOST:PORT.

Options:
  --port N              port to listen on (DOWNWATCH_PORT, default 8080)
  --host HOST           address to bind (DOWNWATCH_HOST, default 0.0.0.0)
${storeFlagsHelp}
  -h, --help            show this help

Every setting also has an environment variable; see the README.
`;

export const serve: Command = {
  name: 'serve',
  summary: 'run the server',
  async run(args, io, env) {
    const { values } = parseArgs({
      args,
      options: {
        ...storeFlags,
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const overrides = { ...storeOverrides(values), port: values.port, host: values.host };
    const config = loadConfig(env, overrides);
    checkDataDir(config, overrides);
    const app = await createApp(config, { logger: { level: config.logLevel } });
    const address = await app.server.listen({ port: config.port, host: config.host });
    const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    io.stderr.write(
      `Downwatch ${app.ctx.version} on ${address.replace('0.0.0.0', 'localhost')} — ${app.ctx.catalog.services.length} services, store: ${where}\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        io.stderr.write(`${signal}: draining and closing…\n`);
        app.close().then(resolve, (e) => {
          io.stderr.write(`error while closing: ${(e as Error).message}\n`);
          resolve();
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    return 0;
  },
};
