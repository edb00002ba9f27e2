import type { Catalog } from '../catalog/catalog.ts';
import { OutsideSignals } from '../scenarios/outside-signals.ts';
import type { Scenario, Statement } from '../scenarios/schema.ts';
import { MINUTE } from '../shared/time.ts';
import type { OutsideSources } from '../sources/outside-sources.ts';
import { jetstreamPost, risUpdate } from '../sources/wire-messages.ts';

/** How a service is written in a language: its first keyword of that language, else its name. */
const nameOf = (catalog: Catalog) => (slug: string, lang: string) => {
  const s = catalog.bySlug.get(slug);
  return s?.keywords[lang]?.find((k) => k.length >= 3) ?? s?.name ?? slug;
};

/**
 * Feeds a scenario's outside signals through the adapters' own ingestion: BGP updates as RIS Live
 * messages into the RIS adapter, posts as Jetstream messages into the Bluesky adapter, statements
 * as official statements — the same parsing, matching, dedupe and evidence as live traffic.
 */
export class OutsideReplay {
  readonly #sources: OutsideSources;
  readonly #catalog: Catalog;
  readonly #signals: OutsideSignals;
  readonly #statementServices = new Map<Statement, string[]>();
  posts = 0;
  updates = 0;

  constructor(
    sources: OutsideSources,
    catalog: Catalog,
    scenario: Scenario,
    seed: number,
    span: [number, number],
  ) {
    this.#sources = sources;
    this.#catalog = catalog;
    this.#signals = new OutsideSignals(scenario, seed, nameOf(catalog), span);
    for (const i of scenario.incidents)
      for (const st of i.statements)
        this.#statementServices.set(
          st,
          i.outages.map((o) => o.service),
        );
  }

  /** Everything outside sources said in [t, t + 1 min), written and evidence closed. */
  async minute(t: number): Promise<void> {
    const { updates, posts } = this.#signals.minute(t);
    for (const u of updates)
      this.#sources.ris.handleMessage(
        risUpdate({
          id: u.id,
          timestamp: u.at / 1000,
          peer: u.peer,
          peerAsn: u.peerAsn,
          path: u.path,
          announce: u.announce,
          withdraw: u.withdraw,
        }),
      );
    for (const p of posts)
      this.#sources.bluesky.handleMessage(
        jetstreamPost({ did: p.author, rkey: p.id, timeUs: p.at * 1000, text: p.text, langs: p.langs }),
      );
    this.updates += updates.length;
    this.posts += posts.length;
    if (!this.#signals.any) return;
    await this.#sources.ris.closeBefore(t + MINUTE);
    await this.#sources.bluesky.closeBefore(t + MINUTE);
    await this.#sources.flush();
  }

  /** A scenario statement as an official statement of the provider of the services it is about. */
  async statement(s: Statement): Promise<void> {
    const services = s.service ? [s.service] : (this.#statementServices.get(s) ?? []);
    const known = services.filter((x) => this.#catalog.bySlug.has(x));
    const provider = this.#catalog.bySlug.get(known[0] ?? '')?.provider;
    if (!provider) return;
    await this.#sources.statement({ at: s.at, provider, services: known, source: s.source, text: s.text });
  }
}
