import { z } from 'zod';

/** Languages every label set must cover; others may be added freely. */
export const REQUIRED_LANGUAGES = ['en', 'id', 'hi', 'vi'] as const;

export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (max 63)');

/** A text per language: { en: "Login", id: "Masuk", … }. English and the required languages must be present. */
export const Labels = z
  .record(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, 'must be a language tag like "en" or "pt-BR"'),
    z.string().min(1),
  )
  .superRefine((labels, ctx) => {
    for (const lang of REQUIRED_LANGUAGES) {
      if (!labels[lang])
        ctx.addIssue({ code: 'custom', message: `missing the "${lang}" text`, path: [lang] });
    }
  });
export type Labels = z.infer<typeof Labels>;

/** A problem category shared by services ("login", "feed", …). */
export const Category = z.strictObject({
  id: Slug,
  labels: Labels,
});
export type Category = z.infer<typeof Category>;

export const CategoriesFile = z.strictObject({ categories: z.array(Category).min(1) });

const RoutePrefix = z
  .string()
  .regex(
    /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:]+:[0-9a-f:]*\/\d{1,3})$/i,
    'must be a prefix like 129.134.30.0/23 or 2a03:2880::/32',
  );

const ProbeTargets = z.strictObject({
  urls: z.array(z.url({ protocol: /^https?$/ })).default([]),
  hosts: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a host name')).default([]),
  asns: z.array(z.number().int().positive().max(4_294_967_295)).default([]),
  /** Announced prefixes worth watching in BGP (a label names what they hold, e.g. the DNS servers). */
  prefixes: z
    .array(z.union([RoutePrefix, z.strictObject({ prefix: RoutePrefix, label: z.string().min(1) })]))
    .default([]),
});

const OfficialStatus = z.strictObject({
  kind: z.enum(['statuspage', 'incidentio', 'rss', 'atom', 'none']),
  url: z.url({ protocol: /^https?$/ }).optional(),
  component: z.string().optional(),
});

/** A category as a service lists it: an id, optionally with its own labels. */
const ServiceCategory = z.union([Slug, z.strictObject({ id: Slug, labels: Labels.optional() })]);

export const ServiceEntry = z.strictObject({
  slug: Slug,
  name: z.string().min(1),
  names: z.record(z.string(), z.string().min(1)).default({}),
  provider: Slug,
  kind: z.enum([
    'social',
    'messaging',
    'video',
    'email',
    'cloud',
    'cdn',
    'isp',
    'mobile',
    'payments',
    'gaming',
    'productivity',
    'identity',
    'other',
  ]),
  website: z.url({ protocol: /^https?$/ }),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')).default([]),
  categories: z.array(ServiceCategory).min(1),
  keywords: z
    .record(z.string(), z.array(z.string().min(1)).min(1))
    .refine((k) => Boolean(k.en), 'needs English keywords ("en")'),
  probes: ProbeTargets.default({ urls: [], hosts: [], asns: [], prefixes: [] }),
  status: OfficialStatus.default({ kind: 'none' }),
  dependencies: z.array(Slug).default([]),
});
export type ServiceEntry = z.infer<typeof ServiceEntry>;

export const ProviderEntry = z.strictObject({
  slug: Slug,
  name: z.string().min(1),
  website: z.url({ protocol: /^https?$/ }).optional(),
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

/**
 * An expected event: a launch (a new season, a ticket sale, a console release) that brings crowds of
 * reports while nothing is broken. While it runs, reports alone cap the services at "possible
 * problems"; probes or an official statement still raise them (ADR 15).
 */
export const ExpectedEntry = z
  .strictObject({
    services: z.array(Slug).min(1),
    kind: z.enum(['launch']).default('launch'),
    /** What people expect, in the timeline's words ("Season 5 launch"). */
    what: z.string().min(1).max(200),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  })
  .refine((e) => Date.parse(e.to) > Date.parse(e.from), {
    message: 'must end after it starts',
    path: ['to'],
  });
export type ExpectedEntry = z.infer<typeof ExpectedEntry>;

/** One catalog file: any of providers, categories, services, expected events. */
export const CatalogFile = z.strictObject({
  providers: z.array(ProviderEntry).default([]),
  categories: z.array(Category).default([]),
  services: z.array(ServiceEntry).default([]),
  expected: z.array(ExpectedEntry).default([]),
});
export type CatalogFile = z.infer<typeof CatalogFile>;
