import { parseArgs } from 'node:util';
import { catalogPaths } from '../app/create-app.ts';
import { createRepositories } from '../app/repositories.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { loadConfig } from '../config/config.ts';
import { isLang, LANGUAGES } from '../i18n/languages.ts';
import { makeTranslator } from '../i18n/translator.ts';
import { incidentData } from '../incidents/incident-data.ts';
import { Monitor } from '../incidents/monitor.ts';
import { NotFoundError } from '../shared/errors.ts';
import { openStore } from '../store/open-store.ts';
import { incidentMarkdown } from '../web/incident-markdown.ts';
import { storeFlags, storeFlagsHelp, storeOverrides } from './config-flags.ts';
import { type Command, UsageError } from './io.ts';

const HELP = `Usage: downwatch report INCIDENT [options]

Prints an incident's citable report: start, peak, end, duration, totals, services, top problems,
countries, timeline and the per-bucket figures of its chart. The same text as the incident page's
Markdown download (times in UTC), or its JSON.

Options:
  --format markdown|json  what to print (default markdown)
  --lang ${LANGUAGES.join('|')}       language of the Markdown (default en)
  --server URL            ask a running Downwatch (e.g. http://localhost:8080) instead of the store
${storeFlagsHelp}
  -h, --help              show this help
`;

/** A failure to print: its sentence goes to stderr and the exit code is 1. */
class ReportError extends Error {}

async function fromServer(server: string, id: number, format: string, lang: string): Promise<string> {
  const url = new URL(`/incidents/${id}.${format === 'json' ? 'json' : 'md'}?lang=${lang}`, server);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    const why = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
    throw new ReportError(`Cannot reach ${server}: ${why}`);
  }
  if (res.status === 404) throw new ReportError(`There is no incident ${id} on ${server}.`);
  if (!res.ok) throw new ReportError(`${url} answered ${res.status} ${res.statusText}.`);
  return res.text();
}

/** `downwatch report INCIDENT`: the incident page's Markdown or JSON in the terminal. */
export const reportCommand: Command = {
  name: 'report',
  summary: "print an incident's report (Markdown or JSON)",
  async run(args, io, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...storeFlags,
        format: { type: 'string', default: 'markdown' },
        lang: { type: 'string', default: 'en' },
        server: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    const id = Number(positionals[0]);
    if (!Number.isInteger(id) || id <= 0)
      throw new UsageError('Name the incident by its number, e.g. downwatch report 12; see --help.');
    if (values.format !== 'markdown' && values.format !== 'json')
      throw new UsageError('--format must be markdown or json.');
    const lang = values.lang;
    if (!isLang(lang)) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}.`);
    try {
      if (values.server) {
        const text = await fromServer(values.server, id, values.format, lang);
        io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        return 0;
      }
      const config = loadConfig(env, storeOverrides(values));
      const catalog = loadCatalog(catalogPaths(config));
      const { store, sql } = openStore(config);
      const { incidents } = createRepositories(sql);
      try {
        await store.migrate();
        const now = Date.now();
        // The chart's baseline, as a server started now would compute it.
        const monitor = new Monitor(store, incidents, catalog);
        await monitor.warmUp(now);
        const data = await incidentData(store, incidents, id, now, (s, t) => monitor.expectedAt(s, t));
        io.stdout.write(
          values.format === 'json'
            ? `${JSON.stringify(data, null, 2)}\n`
            : incidentMarkdown(makeTranslator(lang, catalog), data),
        );
        return 0;
      } finally {
        await store.close();
      }
    } catch (e) {
      if (!(e instanceof NotFoundError || e instanceof ReportError)) throw e;
      io.stderr.write(`${e.message}\n`);
      return 1;
    }
  },
};
