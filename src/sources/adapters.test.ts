/**
 * Every outside-source adapter against a local server that speaks its protocol: the shared contract
 * (counting once, 1,000 malformed messages, a reconnect storm with memory figures, cursors, stalls).
 */
import { sourceAdapterContract } from './source-adapter.contract.ts';
import { blueskyHarness, mastodonHarness, risHarness, statusHarness } from './testing/harnesses.ts';

sourceAdapterContract('bluesky jetstream (WebSocket)', blueskyHarness);
sourceAdapterContract('mastodon streaming (SSE)', mastodonHarness);
sourceAdapterContract('ripe ris live (WebSocket)', risHarness, {
  skip: {
    'resumes from cursor': 'RIS Live has no cursor or replay: a reconnect sends the subscriptions again',
  },
});
for (const kind of ['statuspage', 'incidentio', 'rss', 'atom'] as const)
  sourceAdapterContract(`official status: ${kind} (HTTP polling)`, () => statusHarness(kind));
