import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type PageKind = 'statuspage' | 'incidentio' | 'rss' | 'atom';
type Update = { id: string; status: string; body: string; at: number };
type Incident = { id: string; name: string; impact: string; components: string[]; updates: Update[] };
type Component = { id: string; name: string; status: string; at: number };

/** What the next requests get instead of the page. */
export type Fault = 'malformed' | 'reset' | 'error' | 'slow';

const MALFORMED = [
  '{"page": {"name": "Example"}, "components": [',
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '{"components": "not a list", "incidents": 7}',
  '',
  '<?xml version="1.0"?><rss><channel><item><title>unclosed',
  'null',
  '[1,2,3]',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><rss version="2.0"><channel><title>&a;</title></channel></rss>',
];

const iso = (t: number) => new Date(t).toISOString();

/**
 * A local official status source in any of the formats Downwatch reads: an Atlassian Statuspage v2
 * `summary.json`, an incident.io `/api/v1/summary`, an RSS 2.0 or an Atom feed — all rendered from
 * one model of components and incidents. Sends ETag and Last-Modified and answers 304 to a matching
 * conditional request. Faults can be queued: malformed bodies, reset connections, 503s, stalls.
 */
export class FakeStatusPage {
  readonly kind: PageKind;
  readonly components: Component[] = [];
  readonly incidents: Incident[] = [];
  readonly faults: Fault[] = [];
  requests = 0;
  notModified = 0;
  /** When set, served instead of the current page (an old copy from a CDN edge). */
  override: string | undefined;
  /** The If-None-Match of the latest request (the poller's cursor). */
  conditional: string | undefined;
  readonly sockets = new Set<Socket>();
  #modified = Date.UTC(2024, 2, 5, 15, 0);
  readonly #server = createServer((req, res) => {
    this.requests++;
    const inm = req.headers['if-none-match'];
    this.conditional = typeof inm === 'string' ? inm : undefined;
    const fault = this.faults.shift();
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') return; // never answers; the client must time out
    if (fault === 'error') {
      res.writeHead(503, { 'retry-after': '0' }).end('Service Unavailable');
      return;
    }
    if (fault === 'malformed') {
      const body = MALFORMED[this.requests % MALFORMED.length]!;
      res.writeHead(200, { 'content-type': this.#type() }).end(body);
      return;
    }
    const body = this.override ?? this.render();
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      this.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': this.#type(),
        etag,
        'last-modified': new Date(this.#modified).toUTCString(),
      })
      .end(body);
  });

  constructor(kind: PageKind) {
    this.kind = kind;
    this.#server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** The URL the catalog would carry: the page for Statuspage/incident.io, the feed otherwise. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.kind === 'rss' ? `${base}/history.rss` : this.kind === 'atom' ? `${base}/history.atom` : base;
  }

  setComponent(id: string, name: string, status: string, at: number): void {
    const c = this.components.find((x) => x.id === id);
    if (c) Object.assign(c, { status, at });
    else this.components.push({ id, name, status, at });
    this.#modified = at;
  }

  /** Posts an update to an incident (creating it). */
  post(
    id: string,
    name: string,
    status: string,
    body: string,
    at: number,
    components: string[] = [],
    impact = 'major',
  ): void {
    let i = this.incidents.find((x) => x.id === id);
    if (!i) {
      i = { id, name, impact, components, updates: [] };
      this.incidents.unshift(i);
    }
    i.updates.unshift({ id: `${id}-u${i.updates.length + 1}`, status, body, at });
    this.#modified = at;
  }

  #type(): string {
    return this.kind === 'rss'
      ? 'application/rss+xml'
      : this.kind === 'atom'
        ? 'application/atom+xml'
        : 'application/json';
  }

  render(): string {
    const open = this.incidents.filter((i) => i.updates[0]?.status !== 'resolved');
    if (this.kind === 'statuspage')
      return JSON.stringify({
        page: {
          id: 'abc',
          name: 'Example',
          url: 'https://status.example.com',
          time_zone: 'Etc/UTC',
          updated_at: iso(this.#modified),
        },
        status: {
          indicator: open.length ? 'major' : 'none',
          description: open.length ? 'Partial System Outage' : 'All Systems Operational',
        },
        components: this.components.map((c) => ({
          id: c.id,
          name: c.name,
          status: c.status,
          created_at: iso(0),
          updated_at: iso(c.at),
          position: 1,
          description: null,
          showcase: false,
          group_id: null,
          page_id: 'abc',
          group: false,
          only_show_if_degraded: false,
        })),
        incidents: open.map((i) => ({
          id: i.id,
          name: i.name,
          status: i.updates[0]!.status,
          created_at: iso(i.updates.at(-1)!.at),
          updated_at: iso(i.updates[0]!.at),
          monitoring_at: null,
          resolved_at: null,
          impact: i.impact,
          shortlink: `https://stspg.io/${i.id}`,
          started_at: iso(i.updates.at(-1)!.at),
          page_id: 'abc',
          incident_updates: i.updates.map((u) => ({
            id: u.id,
            status: u.status,
            body: u.body,
            incident_id: i.id,
            created_at: iso(u.at),
            updated_at: iso(u.at),
            display_at: iso(u.at),
            affected_components: null,
            deliver_notifications: true,
          })),
          components: i.components.map((name) => ({ name })),
        })),
        scheduled_maintenances: [],
      });
    if (this.kind === 'incidentio')
      return JSON.stringify({
        page_title: 'Example',
        page_url: 'https://status.example.com',
        ongoing_incidents: open.map((i) => ({
          id: i.id,
          name: i.name,
          status: i.updates[0]!.status,
          url: `https://status.example.com/incidents/${i.id}`,
          last_update_at: iso(i.updates[0]!.at),
          last_update_message: i.updates[0]!.body,
          current_worst_impact:
            i.impact === 'critical'
              ? 'full_outage'
              : i.impact === 'major'
                ? 'partial_outage'
                : 'degraded_performance',
          affected_components: i.components.map((name, k) => ({
            id: `c${k}-${name}`,
            name,
            current_status: 'partial_outage',
          })),
        })),
        in_progress_maintenances: [],
        scheduled_maintenances: [],
      });
    const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const bodyOf = (i: Incident) =>
      esc(i.updates.map((u) => `<p><strong>${u.status}</strong> - ${u.body}</p>`).join(''));
    if (this.kind === 'rss')
      return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Status - Incident History</title><link>https://status.example.com</link>${this.incidents
        .map(
          (i) =>
            `<item><title>${esc(i.name)}</title><description>${bodyOf(i)}</description><pubDate>${new Date(i.updates[0]!.at).toUTCString()}</pubDate><link>https://status.example.com/incidents/${i.id}</link><guid>https://status.example.com/incidents/${i.id}</guid></item>`,
        )
        .join('')}</channel></rss>`;
    return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>tag:status.example.com,2005:/history</id><title>Example Status - Incident History</title><updated>${iso(this.#modified)}</updated>${this.incidents
      .map(
        (i) =>
          `<entry><id>tag:status.example.com,2005:Incident/${i.id}</id><published>${iso(i.updates.at(-1)!.at)}</published><updated>${iso(i.updates[0]!.at)}</updated><link rel="alternate" type="text/html" href="https://status.example.com/incidents/${i.id}"/><title>${esc(i.name)}</title><content type="html">${bodyOf(i)}</content></entry>`,
      )
      .join('')}</feed>`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
