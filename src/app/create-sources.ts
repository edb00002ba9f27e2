import type { Catalog } from '../catalog/catalog.ts';
import type { Config } from '../config/config.ts';
import type { IncidentsRepo } from '../incidents/incidents-repo.ts';
import type { Clock } from '../shared/time.ts';
import { type OutsideHooks, OutsideSources } from '../sources/outside-sources.ts';
import type { SourcesRepo } from '../sources/repo/sources-repo.ts';

/**
 * The outside sources of this node. Each adapter reaches the internet, so none runs unless named
 * in DOWNWATCH_SOURCES; the linker (outside events → incident timelines) and the replay ingestion
 * paths exist either way.
 */
export function createSources(
  config: Config,
  catalog: Catalog,
  repos: { sources: SourcesRepo; incidents: IncidentsRepo },
  clock: Clock,
  hooks: OutsideHooks = {},
): OutsideSources {
  return new OutsideSources(
    repos.sources,
    repos.incidents,
    catalog,
    clock,
    {
      enabled: config.sources,
      statusPollMs: config.statusPollSeconds * 1000,
      allowPrivate: config.sourcesAllowPrivate,
      jetstreamUrl: config.jetstreamUrl,
      mastodonUrl: config.mastodonUrl,
      mastodonToken: config.mastodonToken,
      risLiveUrl: config.risLiveUrl,
      minuteRetentionMs: config.minuteRetentionDays * 86_400_000,
    },
    hooks,
  );
}
