import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * Reads one path of Downwatch's public API (GET only): fetch against a server's URL for
 * `downwatch mcp`, Fastify's inject for `/mcp` inside the server. The tools use only what any
 * visitor of the API sees, so the MCP server is read-only by construction.
 */
export type ApiGet = (path: string) => Promise<{ status: number; text: string }>;

const ServiceRow = z.object({ slug: z.string(), name: z.string(), names: z.record(z.string(), z.string()) });
const Services = z.object({ services: z.array(ServiceRow) });
const Share = z.object({ key: z.string(), reports: z.number(), share: z.number() });
const Status = z.looseObject({
  slug: z.string(),
  name: z.string(),
  status: z.string(),
  verdict: z.string(),
  reports15m: z.number(),
  incidentId: z.number().nullable(),
  topCountries: z.array(Share),
});
const Incident = z.looseObject({
  id: z.number(),
  title: z.string(),
  status: z.string(),
  impact: z.string(),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
const Incidents = z.object({ incidents: z.array(Incident) });

const VERDICT_TEXT: Record<string, string> = {
  no_problems: 'shows no problems',
  possible_problems: 'may have problems',
  problems_detected: 'has problems',
};

type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};
const answer = (text: string, data?: Record<string, unknown>): ToolResult => ({
  content: [{ type: 'text', text }],
  ...(data ? { structuredContent: data } : {}),
});
const refuse = (text: string): ToolResult => ({ content: [{ type: 'text', text }], isError: true });

/** A service by slug, or by its name in any language ("Instagram", "WhatsApp"). */
async function findService(get: ApiGet, query: string): Promise<string | undefined> {
  const q = query.trim().toLowerCase();
  const res = await get('/api/v1/services');
  const { services } = Services.parse(JSON.parse(res.text));
  return services.find(
    (s) =>
      s.slug === q || s.name.toLowerCase() === q || Object.values(s.names).some((n) => n.toLowerCase() === q),
  )?.slug;
}

/** The four read-only tools over Downwatch's public API. One server per session or request. */
export function createMcpServer(get: ApiGet, version: string): McpServer {
  const server = new McpServer({ name: 'downwatch', version });
  const readOnly = { readOnlyHint: true, openWorldHint: false };
  const service = z
    .string()
    .min(1)
    .max(100)
    .describe('The service: its catalog slug or its name, e.g. "instagram"');

  server.registerTool(
    'is_it_down',
    {
      title: 'Is it down?',
      description:
        'Whether an online service has problems right now, from crowd reports, probes and official status; optionally how much of it comes from one country.',
      inputSchema: {
        service,
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .optional()
          .describe('ISO 3166-1 alpha-2 country code, e.g. "ID"'),
      },
      annotations: readOnly,
    },
    async ({ service: query, country }) => {
      const slug = await findService(get, query);
      if (!slug) return refuse(`Downwatch does not watch a service called "${query}".`);
      const res = await get(`/api/v1/services/${encodeURIComponent(slug)}/status`);
      const s = Status.parse(JSON.parse(res.text));
      let text = `${s.name} ${VERDICT_TEXT[s.verdict] ?? s.verdict} right now (status: ${s.status.replaceAll('_', ' ')}).`;
      if (s.incidentId !== null) text += ` It is part of incident ${s.incidentId}.`;
      const cc = country?.toUpperCase();
      if (cc) {
        const from = s.topCountries.find((c) => c.key === cc);
        text += from
          ? ` ${from.reports} of the last day's reports came from ${cc}.`
          : ` No reports from ${cc} in the last day.`;
      }
      return answer(text, { status: s, ...(cc ? { country: cc } : {}) });
    },
  );

  server.registerTool(
    'current_incidents',
    {
      title: 'Current incidents',
      description: 'The incidents not yet resolved, newest first.',
      inputSchema: {},
      annotations: readOnly,
    },
    async () => {
      const res = await get('/api/v1/incidents?limit=200');
      const open = Incidents.parse(JSON.parse(res.text)).incidents.filter((i) => i.status !== 'resolved');
      const text = open.length
        ? open
            .map((i) => `Incident ${i.id}: ${i.title} (${i.impact} impact, since ${i.startedAt}).`)
            .join('\n')
        : 'No incident is open right now.';
      return answer(text, { incidents: open });
    },
  );

  server.registerTool(
    'incident_report',
    {
      title: 'Incident report',
      description:
        "An incident's citable report: start, peak, end, duration, totals, services, top problems, countries and timeline.",
      inputSchema: { id: z.number().int().positive().describe('The incident number') },
      annotations: readOnly,
    },
    async ({ id }) => {
      const md = await get(`/incidents/${id}.md`);
      if (md.status === 404) return refuse(`There is no incident ${id}.`);
      const json = await get(`/api/v1/incidents/${id}`);
      return answer(md.text, { incident: JSON.parse(json.text) });
    },
  );

  server.registerTool(
    'service_history',
    {
      title: 'Service history',
      description: "A service's recent incidents and its reports per hour over the last hours.",
      inputSchema: {
        service,
        hours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(24)
          .describe('How many hours of reports (default 24)'),
      },
      annotations: readOnly,
    },
    async ({ service: query, hours }) => {
      const slug = await findService(get, query);
      if (!slug) return refuse(`Downwatch does not watch a service called "${query}".`);
      const incidents = Incidents.parse(
        JSON.parse((await get(`/api/v1/incidents?service=${encodeURIComponent(slug)}&limit=20`)).text),
      ).incidents;
      const series = JSON.parse(
        (await get(`/api/v1/services/${encodeURIComponent(slug)}/signals?resolution=1h&hours=${hours}`)).text,
      );
      const text = incidents.length
        ? `${incidents.length} recent incidents; the latest: ${incidents[0]?.title} (${incidents[0]?.status}, started ${incidents[0]?.startedAt}).`
        : 'No incidents recorded for this service.';
      return answer(text, { service: slug, incidents, series });
    },
  );
  return server;
}
