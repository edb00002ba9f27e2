import { MINUTE } from '../shared/time.ts';
import type { Effect } from './decide.ts';
import type { IncidentsRepo } from './incidents-repo.ts';

/**
 * Carries out decided effects through the incidents repository's transactional verbs. A verb that finds its
 * precondition gone (another node opened or resolved first) writes nothing; the next minute's
 * decision starts from the stored incidents again, so no change is applied twice.
 */
export async function applyEffects(incidents: IncidentsRepo, effects: Effect[], t: number): Promise<void> {
  for (const e of effects) {
    if (e.kind === 'open') {
      await incidents.openIncident(
        {
          groupKey: e.groupKey,
          title: e.title,
          impact: e.impact,
          startedAt: e.startedAt,
          detectedAt: t + MINUTE,
          peakRate: e.peakRate,
        },
        e.first,
        e.event,
      );
    } else if (e.kind === 'update') {
      await incidents.updateIncident(
        e.id,
        {
          title: e.title,
          impact: e.impact,
          status: e.status,
          peakAt: e.peakAt,
          peakRate: e.peakRate,
          updatedAt: t + MINUTE,
        },
        e.services,
        e.events,
      );
    } else {
      await incidents.resolveIncident(e.id, t + MINUTE, e.services, e.event);
    }
  }
}
