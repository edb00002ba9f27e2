import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../shared/zod-issues.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** One HTTP endpoint: its schemas (for validation and the OpenAPI document) and its handler. */
export type Route<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject> = {
  method: 'GET' | 'POST';
  /** Fastify path syntax (`/api/v1/services/:slug`). */
  url: string;
  /** The operation's stable name in the OpenAPI document (a generated client's method name). */
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  /** Documented body; the handler validates it itself (so it can rate-limit before parsing). */
  body?: { schema?: z.ZodType; contentType: string; example?: unknown };
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  admin?: boolean;
  /** Needs an agent's Bearer token (the handler checks it; documented as the agentToken scheme). */
  agent?: boolean;
  /** Reads the store (not served from memory): limited per client (client-limits.ts). */
  costly?: boolean;
  options?: RouteShorthandOptions;
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    req: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
};

/** "rss" → "Rss": for operationIds built from a route's parts. */
export const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Keeps the params/query types of a route literal. */
export const defineRoute = <P extends AnyObject, Q extends AnyObject>(r: Route<P, Q>): Route =>
  r as unknown as Route;

/** Registers routes, validating params and query with their schemas before the handler runs. */
export function registerRoutes(
  app: FastifyInstance,
  routes: Route[],
  adminGuard: (req: FastifyRequest) => void,
  costlyGuard?: (req: FastifyRequest) => void,
): void {
  for (const r of routes) {
    const limited = r.costly && !r.admin ? costlyGuard : undefined;
    app.route({
      method: r.method,
      url: r.url,
      ...r.options,
      ...(r.admin ? { onRequest: async (req: FastifyRequest) => adminGuard(req) } : {}),
      handler: async (req, reply) => {
        const params = r.params ? parseOrThrow(r.params, req.params, 'path') : {};
        const query = r.query ? parseOrThrow(r.query, req.query, 'query') : {};
        // After validation: a malformed request costs nothing and gets its 400, not a 429.
        limited?.(req);
        return r.handler({ params, query, req, reply });
      },
    });
  }
}

/** The parts of an OpenAPI operation we generate. */
export type OpenApiOperation = {
  operationId: string;
  summary?: string;
  tags?: string[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string | undefined;
    schema?: unknown;
  }[];
  requestBody?: { required: boolean; content: Record<string, { schema?: unknown; example?: unknown }> };
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
};

/** Every operation can answer this: the server ends a request not received in time. */
const TIMEOUT_RESPONSE = {
  description: "The request was not received in time (the server's request timeout)",
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema for an OpenAPI document: named schemas (`.meta({ id })`) move to
 * components.schemas (collected into `components`) and references point there.
 */
function jsonSchema(
  s: z.ZodType,
  io: 'input' | 'output',
  components?: Record<string, JsonSchema>,
): JsonSchema {
  const {
    $schema: _,
    $defs,
    ...schema
  } = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  const rewrite = (x: unknown): JsonSchema =>
    JSON.parse(JSON.stringify(x).replaceAll('"#/$defs/', '"#/components/schemas/'));
  if (components && $defs) for (const [id, def] of Object.entries($defs)) components[id] ??= rewrite(def);
  return rewrite(schema);
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

function parameters(r: Route): NonNullable<OpenApiOperation['parameters']> {
  const out: NonNullable<OpenApiOperation['parameters']> = [];
  for (const [where, schema] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const { description, ...s } = jsonSchema(field as z.ZodType, 'input');
      out.push({
        name,
        in: where,
        required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
        description: typeof description === 'string' ? description : undefined,
        schema: s,
      });
    }
  }
  return out;
}

/** The OpenAPI 3.1 document, generated from the same schemas the handlers validate with. */
export function openApiDocument(routes: Route[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: OpenApiOperation['responses'] = {};
    for (const [code, res] of Object.entries(r.responses)) {
      const type = res.contentType ?? (Number(code) >= 400 ? 'application/problem+json' : 'application/json');
      const schema = res.schema
        ? jsonSchema(res.schema, 'output', schemas)
        : Number(code) >= 400
          ? { $ref: '#/components/schemas/Problem' }
          : undefined;
      responses[code] = {
        description: res.description,
        ...(schema || res.contentType ? { content: { [type]: schema ? { schema } : {} } } : {}),
      };
    }
    responses['408'] ??= TIMEOUT_RESPONSE;
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: parameters(r),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                [r.body.contentType]: {
                  ...(r.body.schema ? { schema: jsonSchema(r.body.schema, 'input', schemas) } : {}),
                  ...(r.body.example ? { example: r.body.example } : {}),
                },
              },
            },
          }
        : {}),
      // Open operations say so (security: []), so a reader need not guess which ones need a token.
      security: r.admin ? [{ adminToken: [] }] : r.agent ? [{ agentToken: [] }] : [],
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      license: { name: 'GNU Affero General Public License v3.0 only', identifier: 'AGPL-3.0-only' },
      description:
        'Downwatch: crowd reports, signals and status of online services. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { ...schemas, Problem: problemSchema },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'DOWNWATCH_ADMIN_TOKEN' },
        agentToken: {
          type: 'http',
          scheme: 'bearer',
          description: "A probe agent's token, from POST /api/v1/admin/agents",
        },
      },
    },
  };
}
