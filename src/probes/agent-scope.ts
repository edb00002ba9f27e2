import { ForbiddenError, ValidationError } from '../shared/errors.ts';
import { type Check, subjectOf } from './check.ts';
import type { AgentRecord } from './repo/probe-repo.ts';
import type { ResultBatch } from './result.ts';

/** How far ahead of the server's clock a result may be dated (clocks of agents drift a little). */
export const AGENT_CLOCK_SKEW_MS = 30_000;

/**
 * What an agent may report, checked before anything of its batch is stored: only results of the
 * checks handed to it, each for that check's own service and kind; from the place it was registered
 * at (country and network, when the admin gave them); dated no later than a small skew past the
 * server's clock. Any breach refuses the whole batch (403 for scope, 422 for the time), so a token
 * cannot open an incident for a service it does not probe.
 */
export function checkAgentScope(
  agent: AgentRecord,
  checks: readonly Check[],
  batch: ResultBatch,
  now: number,
): void {
  const reported = batch.vantage;
  if (agent.country && reported.country && reported.country !== agent.country)
    throw new ForbiddenError(
      `Agent "${agent.name}" is registered in ${agent.country}; it cannot report from ${reported.country}.`,
    );
  if (agent.network && reported.network && reported.network !== agent.network)
    throw new ForbiddenError(
      `Agent "${agent.name}" is registered in network ${agent.network}; it cannot report from ${reported.network}.`,
    );
  const byId = new Map(checks.map((c) => [c.id, c]));
  for (const [i, r] of batch.results.entries()) {
    const check = byId.get(r.check);
    if (!check)
      throw new ForbiddenError(
        `results.${i}: check "${r.check}" is not one of the checks given to agent "${agent.name}".`,
      );
    if (subjectOf(check) !== r.service || check.kind !== r.kind)
      throw new ForbiddenError(
        `results.${i}: check "${r.check}" is a ${check.kind} check of ${subjectOf(check)}, not a ${r.kind} check of ${r.service}.`,
      );
    if (r.at > now + AGENT_CLOCK_SKEW_MS)
      throw new ValidationError('The result batch is invalid: a result is dated in the future.', [
        {
          field: `results.${i}.at`,
          message: `is ${Math.round((r.at - now) / 1000)} s ahead of the server's clock (at most ${AGENT_CLOCK_SKEW_MS / 1000} s)`,
        },
      ]);
  }
}
