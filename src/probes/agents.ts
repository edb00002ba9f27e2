import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../shared/errors.ts';
import type { AgentRecord, ProbeRepo } from './repo/probe-repo.ts';

/** The server's own vantage point; no agent may take the name. */
export const LOCAL_VANTAGE = 'local';

export const NewAgent = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (max 63)')
      .refine((n) => n !== LOCAL_VANTAGE, `"${LOCAL_VANTAGE}" is the server's own vantage point`)
      .describe('The vantage point name results are counted under, e.g. "ams-1"'),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    network: z.string().max(64).optional().describe('The network it sits in, e.g. "AS3320"'),
  })
  .meta({ id: 'NewAgent' });
export type NewAgent = z.infer<typeof NewAgent>;

export const AgentInfo = z
  .object({
    id: z.number().int(),
    name: z.string(),
    country: z.string().nullable(),
    network: z.string().nullable(),
    reported: z.record(z.string(), z.unknown()).describe('What the agent last said about itself'),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    lastSeenAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AgentInfo' });
export type AgentInfo = z.infer<typeof AgentInfo>;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
export const agentInfo = (a: AgentRecord): AgentInfo => ({
  id: a.id,
  name: a.name,
  country: a.country,
  network: a.network,
  reported: a.reported,
  createdAt: iso(a.createdAt)!,
  revokedAt: iso(a.revokedAt),
  lastSeenAt: iso(a.lastSeenAt),
});

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN = /^dwa_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

const newToken = () => {
  const keyId = randomBytes(8).toString('hex');
  return { keyId, token: `dwa_${keyId}_${randomBytes(24).toString('base64url')}` };
};

/** Registers an agent and returns its token — shown this once; only its hash is stored. */
export async function createAgent(
  repo: ProbeRepo,
  input: NewAgent,
  now: number,
): Promise<{ agent: AgentInfo; token: string }> {
  const { keyId, token } = newToken();
  const a = await repo.createAgent({
    name: input.name,
    keyId,
    tokenHash: hash(token),
    country: input.country ?? null,
    network: input.network ?? null,
    at: now,
  });
  if (!a)
    throw new ValidationError('The agent could not be created.', [
      { field: 'name', message: `an agent named "${input.name}" already exists` },
    ]);
  return { agent: agentInfo(a), token };
}

/**
 * Replaces an agent's token with a new one, shown this once; the old token is refused from now on
 * (the agent keeps its name, results and history). A revoked agent cannot be given a token again.
 */
export async function rotateAgentToken(
  repo: ProbeRepo,
  id: number,
): Promise<{ agent: AgentInfo; token: string }> {
  const { keyId, token } = newToken();
  if (!(await repo.rotateAgent(id, keyId, hash(token)))) {
    const a = await repo.agentById(id);
    if (!a) throw new NotFoundError(`There is no agent ${id}.`, 'id');
    throw new ForbiddenError(`Agent ${id} has been revoked; register a new agent instead.`);
  }
  const a = await repo.agentById(id);
  if (!a) throw new NotFoundError(`There is no agent ${id}.`, 'id');
  return { agent: agentInfo(a), token };
}

/** Revokes an agent's token at once; its later requests are refused. Revoking twice is harmless. */
export async function revokeAgent(repo: ProbeRepo, id: number, now: number): Promise<AgentInfo> {
  await repo.revokeAgent(id, now);
  const a = await repo.agentById(id);
  if (!a) throw new NotFoundError(`There is no agent ${id}.`, 'id');
  return agentInfo(a);
}

/** The agent a bearer token belongs to; UnauthorizedError when unknown, wrong or revoked. */
export async function authenticateAgent(
  repo: ProbeRepo,
  authorization: string | undefined,
): Promise<AgentRecord> {
  const token = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const m = token.match(TOKEN);
  const a = m ? await repo.agentByKey(m[1]!) : undefined;
  const ok = a !== undefined && timingSafeEqual(Buffer.from(hash(token)), Buffer.from(a.tokenHash));
  if (!a || !ok) throw new UnauthorizedError('The agent token is missing or wrong.');
  if (a.revokedAt !== null) throw new UnauthorizedError('This agent token has been revoked.');
  return a;
}
