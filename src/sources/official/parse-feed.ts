import { decodeHTML } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { classifyText, instant, type OfficialIncident, type OfficialSnapshot } from './official-snapshot.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** Items kept per feed: status feeds list recent incidents first. */
const MAX_ITEMS = 25;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of an element that may carry attributes or CDATA. */
function textOf(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (isNode(v)) return textOf(v['#text'] ?? '');
  if (Array.isArray(v)) return textOf(v[0]);
  return '';
}

/**
 * Item bodies are HTML (escaped once more, or in CDATA): tags out, entities decoded with the whole
 * HTML table (`entities`: &rsquo;, &mdash;, numeric forms), whitespace folded.
 */
const plain = (html: string): string =>
  decodeHTML(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function atomLink(v: unknown): string | null {
  const links = Array.isArray(v) ? v : [v];
  for (const l of links) if (isNode(l) && typeof l['@href'] === 'string') return l['@href'];
  return null;
}

function incident(id: string, title: string, body: string, at: number, url: string | null): OfficialIncident {
  const text = plain(body);
  // Feeds put the newest update first in the body; classify on the title and its beginning.
  const { status, impact } = classifyText(`${title} ${text.slice(0, 240)}`);
  return {
    id,
    name: title,
    status,
    impact,
    components: [],
    updateId: `${at}:${hash(title + text)}`,
    updatedAt: at,
    message: text.slice(0, 280),
    url,
  };
}

/**
 * Parses an RSS 2.0 or Atom status feed: each item is an incident whose newest update leads its
 * body. Returns null for anything that is not well-formed RSS or Atom. Documents with a DOCTYPE are
 * refused: status feeds have none, and entity declarations are how XML bombs work.
 */
export function parseFeed(xml: string): OfficialSnapshot | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  if (XMLValidator.validate(xml) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  if (!isNode(doc)) return null;
  const rss = isNode(doc.rss) ? doc.rss : undefined;
  const channel = rss && isNode(rss.channel) ? rss.channel : undefined;
  if (channel) {
    const items = Array.isArray(channel.item) ? channel.item.filter(isNode) : [];
    return {
      page: textOf(channel.title) || null,
      updatedAt: instant(textOf(channel.lastBuildDate) || textOf(channel.pubDate)),
      currentOnly: false,
      allComponents: true,
      components: [],
      incidents: items.slice(0, MAX_ITEMS).flatMap((it) => {
        const title = plain(textOf(it.title));
        const link = textOf(it.link) || null;
        const at = instant(textOf(it.pubDate) || textOf(it['dc:date']));
        const id = textOf(it.guid) || link || title;
        if (!title || at === null || !id) return [];
        return [incident(id, title, textOf(it.description) || textOf(it['content:encoded']), at, link)];
      }),
    };
  }
  const feed = isNode(doc.feed) ? doc.feed : undefined;
  if (feed) {
    const entries = Array.isArray(feed.entry) ? feed.entry.filter(isNode) : [];
    return {
      page: plain(textOf(feed.title)) || null,
      updatedAt: instant(textOf(feed.updated)),
      currentOnly: false,
      allComponents: true,
      components: [],
      incidents: entries.slice(0, MAX_ITEMS).flatMap((e) => {
        const title = plain(textOf(e.title));
        const at = instant(textOf(e.updated) || textOf(e.published));
        const link = atomLink(e.link);
        const id = textOf(e.id) || link || title;
        if (!title || at === null || !id) return [];
        return [incident(id, title, textOf(e.content) || textOf(e.summary), at, link)];
      }),
    };
  }
  return null;
}
