import type { OutsideEvent } from '../types.ts';
import { classifyText } from './official-snapshot.ts';

/** A statement in words (a spokesperson's post, a scenario's statement) with who said it and when. */
export type Statement = { at: number; provider: string; services: string[]; source: string; text: string };

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/**
 * A statement as an official outside event. Anything but "resolved" admits the problem, so the
 * first statement of an incident is its acknowledgement (the start of "status page lag").
 */
export function statementEvent(s: Statement): OutsideEvent {
  const { status } = classifyText(s.text);
  const ack = status !== 'resolved';
  return {
    dedupeKey: `statement:${s.provider}:${s.at}:${hash(s.source + s.text)}`,
    at: s.at,
    kind: 'official',
    provider: s.provider,
    services: s.services,
    message: `${s.source}: ${s.text}`,
    ack,
    data: { provider: s.provider, source: s.source, state: status, ack },
  };
}
