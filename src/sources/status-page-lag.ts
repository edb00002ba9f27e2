import type { SourcesRepo } from './repo/sources-repo.ts';

/** How long after our detection a provider's official channels admitted an incident. */
export type ProviderLag = {
  provider: string;
  incidents: number;
  /** Median over the incidents; negative when the provider usually speaks before we detect. */
  medianMinutes: number | null;
  recent: { incidentId: number; detectedAt: string; acknowledgedAt: string; lagMinutes: number }[];
};

const round1 = (x: number) => Math.round(x * 10) / 10;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * "Status page lag" per provider: for incidents where both exist, the first official
 * acknowledgement (status page, feed or statement) minus our detection time. Traced to one query
 * over the outside events attached to incidents.
 */
export async function statusPageLag(
  repo: SourcesRepo,
  provider?: string,
  limit = 200,
): Promise<ProviderLag[]> {
  const rows = await repo.acknowledgedIncidents({ provider, limit });
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.provider, [...(by.get(r.provider) ?? []), r]);
  return [...by].map(([p, list]) => {
    const lags = list.map((r) => (r.acknowledgedAt - r.detectedAt) / 60_000);
    const m = median(lags);
    return {
      provider: p,
      incidents: list.length,
      medianMinutes: m === null ? null : round1(m),
      recent: list.slice(0, 20).map((r, k) => ({
        incidentId: r.incidentId,
        detectedAt: new Date(r.detectedAt).toISOString(),
        acknowledgedAt: new Date(r.acknowledgedAt).toISOString(),
        lagMinutes: round1(lags[k]!),
      })),
    };
  });
}
