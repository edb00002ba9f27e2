#!/usr/bin/env node
import { CatalogError } from '../catalog/load-catalog.ts';
import { ConfigError } from '../config/config.ts';
import { ChecksFileError } from '../probes/checks-file.ts';
import { ScenarioError } from '../scenarios/load.ts';
import { agentCommand } from './agent.ts';
import { catalogCheck } from './catalog-check.ts';
import { demo } from './demo.ts';
import { detect } from './detect.ts';
import { evaluateCommand } from './evaluate.ts';
import { importCommand } from './import.ts';
import { type Command, type Io, processIo, UsageError } from './io.ts';
import { mcpCommand } from './mcp.ts';
import { replay } from './replay.ts';
import { reportCommand } from './report.ts';
import { serve } from './serve.ts';

const commands: Command[] = [
  serve,
  catalogCheck,
  importCommand,
  detect,
  evaluateCommand,
  replay,
  demo,
  reportCommand,
  agentCommand,
  mcpCommand,
];

const help = () => `Usage: downwatch COMMAND [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run downwatch COMMAND --help for a command's options.
`;

/** Runs a command line and returns the exit code; errors become plain sentences. */
export async function main(argv: string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io, env);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(e as Error).message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof CatalogError || e instanceof ScenarioError || e instanceof ChecksFileError) {
      io.stderr.write(`${e.message}\n`);
      return 1;
    }
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      io.stderr.write(
        `The port is already in use: ${(e as Error).message}. Choose another with --port or DOWNWATCH_PORT.\n`,
      );
      return 1;
    }
    if (code === 'ECONNREFUSED' || code === '28P01' || code === '3D000') {
      io.stderr.write(`Cannot reach the database: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2), processIo(), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`downwatch: unexpected error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    },
  );
}
