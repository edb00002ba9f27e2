import { escapeHtml } from '../shared/escape-html.ts';
import type { ProblemLevel } from '../shared/status-vocabulary.ts';

const COLOURS: Record<ProblemLevel, string> = {
  no_problems: '#1b7f3b',
  possible_problems: '#9a5b00',
  problems_detected: '#b3261e',
};

/** Approximate text width at 11 px (Verdana-like metrics), enough to size the badge's halves. */
const textWidth = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[ilj.,:;!|'`]/.test(ch) ? 3.5 : /[mwMW]/.test(ch) ? 10 : ch > '\u024f' ? 8 : 7;
  return Math.ceil(w);
};

/** A shields-style SVG badge: the service on the left, its problem level (coloured) on the right. */
export function statusBadge(service: string, levelText: string, level: ProblemLevel): string {
  const lw = textWidth(service) + 12;
  const rw = textWidth(levelText) + 12;
  const w = lw + rw;
  const label = escapeHtml(`${service}: ${levelText}`);
  const text = (x: number, s: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true">${escapeHtml(s)}</text><text x="${x}" y="14">${escapeHtml(s)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${label}"><title>${label}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${rw}" height="20" fill="${COLOURS[level]}"/><rect width="${w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(lw / 2, service)}${text(lw + rw / 2, levelText)}</g></svg>`;
}
