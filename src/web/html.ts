import { escapeHtml } from '../shared/escape-html.ts';

/** Markup that is already safe to emit; everything else interpolated into `html` is escaped. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** A value `html` accepts: text (escaped), numbers, markup, lists of those, or nothing. */
export type Interpolation = string | number | Html | null | undefined | false | readonly Interpolation[];

const render = (v: Interpolation): string => {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
};

/** Tagged template that escapes every interpolation unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks trusted markup (generated SVG, pre-escaped text) as safe. */
export const raw = (s: string): Html => new Html(s);

/** Fills `{name}` placeholders of a (translated) template with text or markup; the template is escaped. */
export function fillHtml(template: string, vars: Record<string, Interpolation>): Html {
  const parts = template.split(/\{(\w+)\}/g);
  return new Html(
    parts.map((p, i) => (i % 2 === 0 ? escapeHtml(p) : p in vars ? render(vars[p]) : `{${p}}`)).join(''),
  );
}
