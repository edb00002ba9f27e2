/**
 * Messages shaped exactly like the real feeds (Bluesky Jetstream, RIS Live, Mastodon), built from
 * plain facts. Replays feed them through the adapters' own parsers; the local test servers send them.
 */
import { escapeHtml } from '../shared/escape-html.ts';

/** A Jetstream commit creating a post. */
export function jetstreamPost(p: {
  did: string;
  rkey: string;
  timeUs: number;
  text: string;
  langs?: string[];
  quote?: boolean;
}): string {
  return JSON.stringify({
    did: p.did,
    time_us: p.timeUs,
    kind: 'commit',
    commit: {
      rev: `3l${p.rkey}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: p.rkey,
      record: {
        $type: 'app.bsky.feed.post',
        createdAt: new Date(Math.floor(p.timeUs / 1000)).toISOString(),
        langs: p.langs ?? [],
        text: p.text,
        ...(p.quote
          ? {
              embed: {
                $type: 'app.bsky.embed.record',
                record: { uri: 'at://did:plc:old/app.bsky.feed.post/1', cid: 'bafy' },
              },
            }
          : {}),
      },
      cid: `bafyrei${p.rkey}`,
    },
  });
}

/** A RIS Live `ris_message` carrying one BGP UPDATE. */
export function risUpdate(u: {
  id: string;
  timestamp: number;
  peer: string;
  peerAsn: number;
  host?: string;
  path?: number[];
  announce?: string[];
  withdraw?: string[];
}): string {
  return JSON.stringify({
    type: 'ris_message',
    data: {
      timestamp: u.timestamp,
      peer: u.peer,
      peer_asn: String(u.peerAsn),
      id: u.id,
      host: u.host ?? 'rrc00.ripe.net',
      type: 'UPDATE',
      path: u.path ?? [],
      community: [],
      origin: 'IGP',
      announcements: u.announce?.length ? [{ next_hop: u.peer, prefixes: u.announce }] : [],
      withdrawals: u.withdraw ?? [],
    },
  });
}

/** A Mastodon status as the streaming and timelines APIs send it. */
export function mastodonStatus(s: {
  id: string;
  at: number;
  text: string;
  language?: string;
  acct?: string;
  bot?: boolean;
}) {
  return {
    id: s.id,
    created_at: new Date(s.at).toISOString(),
    in_reply_to_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: s.language ?? 'en',
    uri: `https://mastodon.example/users/${s.acct ?? 'someone'}/statuses/${s.id}`,
    url: `https://mastodon.example/@${s.acct ?? 'someone'}/${s.id}`,
    content: `<p>${escapeHtml(s.text)}</p>`,
    reblog: null,
    account: {
      id: '1',
      username: s.acct ?? 'someone',
      acct: s.acct ?? 'someone',
      display_name: s.acct ?? 'Someone',
      bot: s.bot ?? false,
    },
    media_attachments: [],
    mentions: [],
    tags: [],
  };
}
