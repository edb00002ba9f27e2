import { parseArgs } from 'node:util';
import { catalogPaths } from '../app/create-app.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { loadConfig } from '../config/config.ts';
import type { Command } from './io.ts';

const HELP = `Usage: downwatch catalog check [PATH ...] [--only]

Validates the catalog: the built-in one plus PATH files or directories (and DOWNWATCH_CATALOG).
Prints each problem with its file, entry and field; exits 1 if there is any.

Options:
  --only       check only the given paths, without the built-in catalog
  -h, --help   show this help
`;

export const catalogCheck: Command = {
  name: 'catalog',
  summary: 'check catalog files (catalog check [PATH ...])',
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { only: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help || positionals[0] !== 'check') {
      io.stdout.write(HELP);
      return values.help ? 0 : 2;
    }
    const extra = positionals.slice(1);
    const config = loadConfig(env, { builtinCatalog: values.only ? 'false' : undefined });
    const catalog = loadCatalog([...catalogPaths(config), ...extra]);
    const providers = new Set(catalog.services.map((s) => s.provider)).size;
    io.stdout.write(
      `Catalog OK: ${catalog.services.length} services from ${providers} providers, ${catalog.categories.size} problem categories.\n`,
    );
    return 0;
  },
};
