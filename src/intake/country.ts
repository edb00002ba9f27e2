import type { GeoIp } from './geoip.ts';
import { CountryCode } from './report-body.ts';

/** "ZZ": the ISO user-assigned code we store when the country is not known. */
export const UNKNOWN_COUNTRY = 'ZZ';

/**
 * The reporter's country: what they said, else the trusted proxy's header, else the offline
 * database, else unknown. A malformed header is ignored rather than trusted.
 */
export function resolveCountry(opts: {
  stated?: string | undefined;
  header?: string | undefined;
  ip: string;
  geo?: GeoIp | undefined;
}): string {
  if (opts.stated) return opts.stated;
  if (opts.header) {
    const parsed = CountryCode.safeParse(opts.header.trim());
    if (parsed.success) return parsed.data;
  }
  return opts.geo?.country(opts.ip) ?? UNKNOWN_COUNTRY;
}
