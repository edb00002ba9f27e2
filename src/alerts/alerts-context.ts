import type { Catalog } from '../catalog/catalog.ts';
import type { AddressPolicy } from '../shared/address-guard.ts';
import type { Clock } from '../shared/time.ts';
import type { Channels } from './channels/channels.ts';
import type { AlertsStore } from './repo/alerts-store.ts';

/** What the alert verbs work with; built once by the app and passed in. */
export type AlertsContext = {
  alerts: AlertsStore;
  catalog: Catalog;
  channels: Channels;
  clock: Clock;
  /** Base of public links (no trailing slash). */
  publicUrl: string;
  policy: AddressPolicy;
};
