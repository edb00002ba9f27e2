import { MINUTE } from '../shared/time.ts';
import type { Store } from '../store/store.ts';
import type { Effect } from './decide.ts';

/**
 * Carries out decided effects through the store's transactional verbs. A verb that finds its
 * precondition gone (another node opened or resolved first) writes nothing; the next minute's
 * decision starts from the store again, so no change is applied twice.
 */
export async function applyEffects(store: Store, effects: Effect[], t: number): Promise<void> {
  for (const e of effects) {
    if (e.kind === 'open') {
      await store.openIncident(
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
      await store.updateIncident(
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
      await store.resolveIncident(e.id, t + MINUTE, e.services, e.event);
    }
  }
}
