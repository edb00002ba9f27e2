import { z } from 'zod';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Codes Intl can name that are not countries (unions, reserved or exceptionally reserved codes). */
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO', 'UK', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA']);

let countryCodes: Set<string> | undefined;
/** Every code Intl names as a country, listed once (asking Intl per report costs more than the rest of validation). */
const isCountry = (code: string): boolean => {
  if (!countryCodes) {
    countryCodes = new Set();
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const c = String.fromCharCode(a, b);
        if (regionNames.of(c) !== undefined && !NOT_COUNTRIES.has(c)) countryCodes.add(c);
      }
  }
  return countryCodes.has(code);
};

/** An ISO 3166-1 alpha-2 code that exists ("ID", "IN", "VN"); lower case is accepted. */
export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 country code')
  .transform((c) => c.toUpperCase())
  .refine(isCountry, 'is not a known country code');

/** What a person submits: the service, what is wrong, and optionally where they are. */
export const ReportBody = z
  .strictObject({
    service: z.string().min(1).max(64).describe('Service slug from the catalog, e.g. "instagram"'),
    problem: z.string().min(1).max(64).describe('One of the service\'s problem categories, e.g. "login"'),
    country: CountryCode.optional().describe('ISO 3166-1 alpha-2; otherwise derived from the request'),
  })
  .meta({ id: 'ReportBody' });
export type ReportBody = z.infer<typeof ReportBody>;

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isField = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;

/**
 * ReportBody's answer for the common, valid body without going through zod, which costs more than
 * the rest of the check on every report: an object with exactly `service`, `problem` and
 * optionally `country`, all valid. Anything else gives undefined, and the caller parses with
 * ReportBody, which names what is wrong. A test holds the two to the same answers.
 */
export function quickReportBody(body: unknown): ReportBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  let hasCountry = false;
  for (const key of Object.keys(fields)) {
    if (key === 'country') hasCountry = true;
    else if (key !== 'service' && key !== 'problem') return undefined;
  }
  const { service, problem, country } = fields;
  if (!isField(service) || !isField(problem)) return undefined;
  if (!hasCountry) return { service, problem };
  if (typeof country !== 'string' || country.length !== 2) return undefined;
  if (!isAsciiLetter(country.charCodeAt(0)) || !isAsciiLetter(country.charCodeAt(1))) return undefined;
  const code = country.toUpperCase();
  return isCountry(code) ? { service, problem, country: code } : undefined;
}

/** What the API answers once the report is committed. */
export const ReportAccepted = z
  .object({
    id: z.number().int(),
    service: z.string(),
    problem: z.string(),
    country: z.string().describe('"ZZ" when unknown'),
    counted: z
      .boolean()
      .describe('false when this person already counted for the service in this 15-minute window'),
    window: z.iso.datetime().describe('Start of the 15-minute window the report belongs to'),
  })
  .meta({ id: 'ReportAccepted' });
export type ReportAccepted = z.infer<typeof ReportAccepted>;

/** A historical report for seeding: the same fields plus when it happened and who (any opaque id). */
export const ImportLine = z
  .strictObject({
    service: z.string().min(1).max(64),
    problem: z.string().min(1).max(64),
    country: CountryCode.optional(),
    at: z
      .union([z.iso.datetime({ offset: true }), z.number().int().positive()])
      .describe('ISO 8601 time or epoch milliseconds'),
    reporter: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Opaque reporter id used for dedupe; hashed before storage'),
  })
  .meta({ id: 'ImportLine' });
export type ImportLine = z.infer<typeof ImportLine>;
