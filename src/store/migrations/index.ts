import { init } from './001-init.ts';
import { incidents } from './002-incidents.ts';
import { probes } from './003-probes.ts';
import { alerts } from './004-alerts.ts';
import { sources } from './005-sources.ts';
import { counterWatermark } from './006-counter-watermark.ts';
import { serviceIds } from './007-service-ids.ts';
import { reportAsn } from './008-report-asn.ts';
import type { Migration } from './migration.ts';

/** Every migration in order. Append only; never edit one that has shipped. */
export const migrations: Migration[] = [
  init,
  incidents,
  probes,
  alerts,
  sources,
  counterWatermark,
  serviceIds,
  reportAsn,
];
