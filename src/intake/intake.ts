import type { Catalog } from '../catalog/catalog.ts';
import { hasCategory } from '../catalog/catalog.ts';
import { NotFoundError, RateLimitedError, UnavailableError, ValidationError } from '../shared/errors.ts';
import { type Clock, floorTo, WINDOW } from '../shared/time.ts';
import { parseOrThrow } from '../shared/zod-issues.ts';
import type { AsnDb } from './asn.ts';
import { resolveCountry } from './country.ts';
import type { GeoIp } from './geoip.ts';
import type { GroupCommit } from './group-commit.ts';
import type { Identities } from './identity.ts';
import { rateKey } from './rate-key.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { quickReportBody, type ReportAccepted, ReportBody } from './report-body.ts';

export type IntakeDeps = {
  catalog: Catalog;
  identities: Identities;
  limiter: RateLimiter;
  commit: GroupCommit;
  clock: Clock;
  geo?: GeoIp | undefined;
  /** Offline IP → ASN (hosting networks marked); absent: ASN unknown. */
  asn?: AsnDb | undefined;
  /** Reports waiting for a commit beyond which new ones are refused with 503. */
  maxBacklog?: number;
};

/** Where a submission came from; the IP is used for hashing and lookup only, never kept. */
export type Origin = { ip: string; countryHeader?: string | undefined };

/** Checks that the service exists and lists the problem; shared by live and imported reports. */
export function checkServiceProblem(
  catalog: Catalog,
  service: string,
  problem: string,
  fieldPrefix = '',
): void {
  const s = catalog.bySlug.get(service);
  if (!s)
    throw new NotFoundError(`There is no service "${service}" in the catalog.`, `${fieldPrefix}service`);
  if (!hasCategory(s, problem)) {
    const allowed = s.categories.map((c) => c.id).join(', ');
    throw new ValidationError('The report is invalid.', [
      {
        field: `${fieldPrefix}problem`,
        message: `"${problem}" is not a problem category of ${service}; use one of: ${allowed}`,
      },
    ]);
  }
}

let lastWindow = { start: Number.NaN, iso: '' };
/** The ISO start of the 15-minute window holding t (the last answer is kept: reports come in order). */
const windowStart = (t: number): string => {
  const start = floorTo(t, WINDOW);
  if (start !== lastWindow.start) lastWindow = { start, iso: new Date(start).toISOString() };
  return lastWindow.iso;
};

/**
 * The report verb: rate-limit, validate, resolve country and identity, commit. Resolves once the
 * report is durable; throws typed errors for the transport to map.
 */
export async function submitReport(deps: IntakeDeps, body: unknown, origin: Origin): Promise<ReportAccepted> {
  const now = deps.clock.now();
  const wait = deps.limiter.take(rateKey(origin.ip));
  if (wait > 0) throw new RateLimitedError(wait);
  if (deps.maxBacklog !== undefined && deps.commit.backlog > deps.maxBacklog) {
    throw new UnavailableError(
      'Reports are arriving faster than they can be committed; try again shortly.',
      2,
    );
  }
  const input = quickReportBody(body) ?? parseOrThrow(ReportBody, body, 'report');
  checkServiceProblem(deps.catalog, input.service, input.problem);
  const country = resolveCountry({
    stated: input.country,
    header: origin.countryHeader,
    ip: origin.ip,
    geo: deps.geo,
  });
  const who = deps.identities.known(origin.ip, now) ?? (await deps.identities.of(origin.ip, now));
  const net = deps.asn?.lookup(origin.ip);
  const result = await deps.commit.submit({
    service: input.service,
    problem: input.problem,
    country,
    receivedAt: now,
    identity: who.identity,
    network: who.network,
    source: 'web',
    asn: net?.asn ?? null,
    hosting: net?.hosting ?? false,
  });
  return {
    id: result.id,
    service: input.service,
    problem: input.problem,
    country,
    counted: result.counted,
    window: windowStart(now),
  };
}
