import type { Catalog } from '../catalog/catalog.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import type { PublishedIncident } from './published-incidents.ts';

/** Which incidents a feed carries. */
export type FeedScope =
  | { kind: 'all' }
  | { kind: 'provider'; slug: string }
  | { kind: 'service'; slug: string };

// HTML's escaper is XML's too: its five references (&#39; for the apostrophe) are valid XML.
const xml = escapeHtml;
const iso = (t: number) => new Date(t).toISOString();
const rfc822 = (t: number) => new Date(t).toUTCString();

const ITEMS = 50;

export type Feed = {
  title: string;
  /** The feed's own URL (rel=self) and the page it describes. */
  self: string;
  home: string;
  items: {
    id: string;
    title: string;
    url: string;
    published: number;
    updated: number;
    summary: string;
    timeline: { at: number; message: string }[];
  }[];
};

/** The feed's items: incidents in scope, newest first, titled with their state. */
export function incidentFeed(r: {
  incidents: PublishedIncident[];
  catalog: Catalog;
  publicUrl: string;
  scope: FeedScope;
  self: string;
}): Feed {
  const { scope, catalog } = r;
  const inScope = (p: PublishedIncident) =>
    scope.kind === 'all' ||
    p.incident.services.some((s) =>
      scope.kind === 'service'
        ? s.service === scope.slug
        : catalog.bySlug.get(s.service)?.provider === scope.slug,
    );
  const name =
    scope.kind === 'all'
      ? 'all services'
      : scope.kind === 'service'
        ? (catalog.bySlug.get(scope.slug)?.name ?? scope.slug)
        : (catalog.providers.find((p) => p.slug === scope.slug)?.name ?? scope.slug);
  return {
    title: `Downwatch incidents: ${name}`,
    self: r.self,
    home: scope.kind === 'service' ? `${r.publicUrl}/status/${scope.slug}` : r.publicUrl,
    items: r.incidents
      .filter(inScope)
      .slice(0, ITEMS)
      .map(({ incident: i, events }) => {
        const services = i.services.map((s) => catalog.bySlug.get(s.service)?.name ?? s.service).join(', ');
        const state = i.resolvedAt === null ? `${i.status}, impact ${i.impact}` : 'resolved';
        return {
          id: `${r.publicUrl}/incidents/${i.id}`,
          title: `${i.resolvedAt === null ? '' : '[Resolved] '}${i.title}`,
          url: `${r.publicUrl}/incidents/${i.id}`,
          published: i.detectedAt,
          updated: Math.max(i.updatedAt, i.resolvedAt ?? 0),
          summary: `${state}. Services: ${services}. Started ${iso(i.startedAt)}${
            i.resolvedAt === null ? '' : `, resolved ${iso(i.resolvedAt)}`
          }.`,
          timeline: events.map((e) => ({ at: e.at, message: e.message })),
        };
      }),
  };
}

const timelineHtml = (t: Feed['items'][number]['timeline']): string =>
  `<ul>${t.map((e) => `<li>${xml(iso(e.at))}: ${xml(e.message)}</li>`).join('')}</ul>`;

/** RSS 2.0, with an atom:link to itself as feed validators ask. */
export function rss(f: Feed, now: number): string {
  const items = f.items
    .map(
      (i) => `  <item>
    <title>${xml(i.title)}</title>
    <link>${xml(i.url)}</link>
    <guid isPermaLink="true">${xml(i.url)}</guid>
    <pubDate>${rfc822(i.published)}</pubDate>
    <description>${xml(`<p>${xml(i.summary)}</p>${timelineHtml(i.timeline)}`)}</description>
  </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>${xml(f.title)}</title>
  <link>${xml(f.home)}</link>
  <description>${xml(f.title)}, detected from people's reports</description>
  <language>en</language>
  <lastBuildDate>${rfc822(now)}</lastBuildDate>
  <atom:link href="${xml(f.self)}" rel="self" type="application/rss+xml"/>
${items}
</channel>
</rss>
`;
}

/** Atom 1.0 (RFC 4287). */
export function atom(f: Feed, now: number): string {
  const updated = Math.max(0, ...f.items.map((i) => i.updated));
  const entries = f.items
    .map(
      (i) => `  <entry>
    <id>${xml(i.id)}</id>
    <title>${xml(i.title)}</title>
    <link href="${xml(i.url)}"/>
    <published>${iso(i.published)}</published>
    <updated>${iso(i.updated)}</updated>
    <summary type="text">${xml(i.summary)}</summary>
    <content type="html">${xml(timelineHtml(i.timeline))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>${xml(f.self)}</id>
  <title>${xml(f.title)}</title>
  <updated>${iso(updated || now)}</updated>
  <link rel="self" href="${xml(f.self)}"/>
  <link href="${xml(f.home)}"/>
  <author><name>Downwatch</name></author>
${entries}
</feed>
`;
}
