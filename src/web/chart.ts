import type { TimeStyle, Translator } from '../i18n/translator.ts';
import { escapeHtml } from '../shared/escape-html.ts';

/** One bucket of a chart: its start (epoch ms), counted reports and the baseline's expectation. */
export type ChartPoint = { t: number; reports: number; expected: number };

/** The usual range for an expected Poisson count: about ±2 standard deviations. */
export const usualRange = (e: number): [number, number] => [
  Math.max(0, e - 2 * Math.sqrt(e)),
  e + 2 * Math.sqrt(e),
];

const niceMax = (x: number): number => {
  const pow = 10 ** Math.floor(Math.log10(Math.max(x, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= x) return m * pow;
  return 10 * pow;
};

const TICK_STEPS = [15, 30, 60, 120, 180, 360, 720, 1440, 2880].map((m) => m * 60_000);
const f = (v: number) => Math.round(v * 10) / 10;

/** How to draw a chart: the translator, bucket size, accessible label and form. */
export type ChartOptions = {
  tr: Translator;
  stepMs: number;
  /** Accessible summary (aria-label and <title>). */
  label: string;
  /** A self-contained SVG file (axes drawn inside, own colours) rather than markup for the page. */
  standalone?: boolean;
};

type Scale = { top: number; span: number; first: number; ticks: number[]; tickStyle: TimeStyle };

function scaleOf(points: ChartPoint[], stepMs: number): Scale {
  const first = points[0]?.t ?? 0;
  const span = Math.max(points.length, 1) * stepMs;
  const top = niceMax(Math.max(4, ...points.map((p) => Math.max(p.reports, usualRange(p.expected)[1]))));
  const every = TICK_STEPS.find((s) => span / s <= 5) ?? TICK_STEPS.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(first / every) * every; t < first + span; t += every) ticks.push(t);
  return { top, span, first, ticks, tickStyle: span > 36 * 3_600_000 ? 'short' : 'clock' };
}

/** Band, bars (each with a tooltip) and the dashed expected line, in a W×H plot area. */
function plot(points: ChartPoint[], o: ChartOptions, s: Scale, W: number, H: number, dx = 0, dy = 0): string {
  const x = (t: number) => dx + ((t - s.first) / s.span) * W;
  const y = (v: number) => dy + H - (v / s.top) * H;
  const parts: string[] = [];
  for (const v of [0, s.top / 2, s.top])
    parts.push(`<line class="ch-grid" x1="${dx}" x2="${dx + W}" y1="${f(y(v))}" y2="${f(y(v))}"/>`);
  const mid = (p: ChartPoint) => f(x(p.t + o.stepMs / 2));
  if (points.length > 0) {
    const upper = points.map((p) => `${mid(p)},${f(y(usualRange(p.expected)[1]))}`);
    const lower = points.map((p) => `${mid(p)},${f(y(usualRange(p.expected)[0]))}`);
    parts.push(`<polygon class="ch-band" points="${[...upper, ...lower.reverse()].join(' ')}"/>`);
  }
  const slot = W / Math.max(points.length, 1);
  const bw = Math.max(0.5, slot * 0.8);
  for (const p of points) {
    const h = (p.reports / s.top) * H;
    const tip = `${o.tr.time(p.t, 'short')}: ${o.tr.n(p.reports)} (${o.tr.t('chart.usual')} ≤ ${o.tr.n(Math.round(usualRange(p.expected)[1]))})`;
    parts.push(
      `<rect class="ch-bar" x="${f(x(p.t) + (slot - bw) / 2)}" y="${f(dy + H - h)}" width="${f(bw)}" height="${f(h)}"><title>${escapeHtml(tip)}</title></rect>`,
    );
  }
  if (points.length > 0)
    parts.push(
      `<polyline class="ch-exp" points="${points.map((p) => `${mid(p)},${f(y(p.expected))}`).join(' ')}"/>`,
    );
  parts.push(`<line class="ch-axis" x1="${dx}" x2="${dx + W}" y1="${dy + H}" y2="${dy + H}"/>`);
  return parts.join('');
}

const STANDALONE_STYLE =
  '.ch-bg{fill:#fff}.ch-band{fill:#8fa3bf;fill-opacity:.35}.ch-exp{stroke:#41536b;stroke-dasharray:4 3;fill:none}' +
  '.ch-bar{fill:#c2410c}.ch-axis{stroke:#9aa5b1}.ch-grid{stroke:#e3e8ee}.ch-lbl{fill:#3d4752;font:12px system-ui,sans-serif}';

/** A self-contained SVG file with the axes drawn inside (downloads, embeds). */
function standaloneChart(points: ChartPoint[], o: ChartOptions, s: Scale): string {
  const [W, H, l, r, t, b] = [900, 300, 48, 12, 12, 28];
  const pw = W - l - r;
  const ph = H - t - b;
  const lbl = (x: number, y: number, anchor: string, text: string) =>
    `<text class="ch-lbl" x="${f(x)}" y="${f(y)}" text-anchor="${anchor}">${escapeHtml(text)}</text>`;
  const yLabels = [0, s.top / 2, s.top].map((v) =>
    lbl(l - 6, t + ph - (v / s.top) * ph + 4, 'end', o.tr.n(v)),
  );
  const xLabels = s.ticks.map((tick) =>
    lbl(l + ((tick - s.first) / s.span) * pw, H - 8, 'middle', o.tr.time(tick, s.tickStyle)),
  );
  const label = escapeHtml(o.label);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}"><title>${label}</title><style>${STANDALONE_STYLE}</style><rect class="ch-bg" width="${W}" height="${H}"/>${plot(points, o, s, pw, ph, l, t)}${yLabels.join('')}${xLabels.join('')}</svg>`;
}

/**
 * Reports per bucket as bars over the baseline's usual range (shaded band, dashed expected line).
 * In the page the plot stretches to any width and the axis labels are HTML laid over it, so they
 * stay readable at 360 px; works without JavaScript (which only re-labels times in the local zone).
 */
export function reportsChart(points: ChartPoint[], o: ChartOptions): string {
  const s = scaleOf(points, o.stepMs);
  if (o.standalone) return standaloneChart(points, o, s);
  const yLabels = [0, s.top / 2, s.top]
    .map((v) => `<span style="bottom:${f((100 * v) / s.top)}%">${escapeHtml(o.tr.n(v))}</span>`)
    .join('');
  const xLabels = s.ticks
    .map((tick) => {
      const iso = new Date(tick).toISOString();
      const left = f((100 * (tick - s.first)) / s.span);
      const edge = left < 8 ? ' class="start"' : left > 88 ? ' class="end"' : '';
      return `<span${edge} style="left:${left}%"><time datetime="${iso}" data-fmt="${s.tickStyle}">${escapeHtml(o.tr.time(tick, s.tickStyle))}</time></span>`;
    })
    .join('');
  return `<div class="chart" role="img" aria-label="${escapeHtml(o.label)}"><div class="ch-y" aria-hidden="true">${yLabels}</div><div class="ch-plot"><svg viewBox="0 0 1000 300" preserveAspectRatio="none" aria-hidden="true">${plot(points, o, s, 1000, 300)}</svg><div class="ch-x" aria-hidden="true">${xLabels}</div></div></div>`;
}
