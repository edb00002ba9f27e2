import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { catalogPaths } from '../app/create-app.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { checkDataDir, loadConfig } from '../config/config.ts';
import { Identities } from '../intake/identity.ts';
import { importReports } from '../intake/import-reports.ts';
import { openStore } from '../store/open-store.ts';
import { storeFlags, storeFlagsHelp, storeOverrides } from './config-flags.ts';
import { type Command, UsageError } from './io.ts';
import { Progress } from './progress.ts';

const HELP = `Usage: downwatch import FILE.ndjson [options]

Seeds the store with historical reports, one JSON object per line:
  {"service":"facebook","problem":"login","at":"2024-03-05T15:20:00Z","country":"US","reporter":"r-1"}
"at" is ISO 8601 or epoch milliseconds; "country" and "reporter" (an opaque id used to count one
report per person per 15 minutes; hashed, never stored) are optional. Good lines are kept even
when others are bad; bad lines are listed with their numbers. Use - to read standard input.

Options:
${storeFlagsHelp}
  -h, --help            show this help
`;

export const importCommand: Command = {
  name: 'import',
  summary: 'seed the store with historical reports from NDJSON',
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...storeFlags, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const file = positionals[0];
    if (!file)
      throw new UsageError(
        'Name the NDJSON file to import (or - for standard input); see downwatch import --help.',
      );
    let total: number | undefined;
    if (file !== '-') {
      try {
        total = statSync(file).size;
      } catch {
        throw new UsageError(`Cannot read ${file}: no such file.`);
      }
    }
    const config = loadConfig(env, storeOverrides(values));
    checkDataDir(config, storeOverrides(values));
    const catalog = loadCatalog(catalogPaths(config));
    const { store } = openStore(config);
    await store.migrate();
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    });
    const input = (file === '-' ? io.stdin : createReadStream(file)).pipe(counter);
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    const progress = new Progress(io.stderr, 'import', total);
    try {
      const summary = await importReports(
        { catalog, identities: new Identities(store), store, now: Date.now },
        lines,
        {
          onProgress: (p) =>
            progress.update(bytes, `${p.lines.toLocaleString('en')} lines, ${p.rejected} bad`),
        },
      );
      progress.done(total ?? bytes, `${summary.lines.toLocaleString('en')} lines`);
      for (const e of summary.errors) io.stderr.write(`line ${e.line}: ${e.message}\n`);
      if (summary.rejected > summary.errors.length)
        io.stderr.write(`… and ${summary.rejected - summary.errors.length} more bad lines\n`);
      io.stdout.write(
        `Imported ${summary.accepted.toLocaleString('en')} reports (${summary.counted.toLocaleString('en')} counted); ${summary.rejected} bad lines skipped.\n`,
      );
      return summary.rejected > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};
