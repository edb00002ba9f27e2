/**
 * The condition language of checks, in the spirit of Gatus: comparisons of placeholders with
 * literals, combined with && and || (and ! and parentheses).
 *
 *   [STATUS] == 200 && [RESPONSE_TIME] < 800
 *   [BODY] contains "ok" || [HEADER:content-type] contains "json"
 *   [BODY].status == "up" && [BODY].checks[0].healthy == true
 *   [RCODE] == "NOERROR" && [ANSWERS] contains "192.0.2.1"
 *   [CERT_EXPIRY_DAYS] > 14
 *
 * Operators: == != < <= > >= contains !contains. Numbers compare as numbers, everything else as
 * text. A placeholder a result does not have makes its comparison false. `[BODY].a.b[0]` reads
 * the body as JSON. Placeholder names are case-insensitive.
 */

type Value = string | number | boolean | null;
type Operand = { kind: 'lit'; value: Value } | { kind: 'ph'; name: string; path: (string | number)[] };
type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | '!contains';
export type Condition =
  | { kind: 'cmp'; left: Operand; op: Op; right: Operand; text: string }
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'not'; part: Condition };

/** What a checker measured, looked up by placeholder name (upper case). */
export type Facts = { value: (name: string) => Value | undefined; body?: string | undefined };

export class ConditionError extends Error {}

type Token = { t: string; pos: number };

const TOKEN =
  /\s*(?:(\[[A-Za-z_]+(?::[^\]]+)?\](?:\.[A-Za-z0-9_-]+|\[\d+\])*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|(&&|\|\||==|!=|<=|>=|<|>|!contains\b|contains\b|!|\(|\))|(true|false|null)\b)/y;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(src);
    if (!m) throw new ConditionError(`cannot read the condition at "${src.slice(i).trim().slice(0, 20)}"`);
    const t = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!;
    out.push({ t, pos: i });
    i = TOKEN.lastIndex;
  }
  return out;
}

function operand(tok: Token | undefined): Operand {
  if (!tok) throw new ConditionError('a comparison is missing its right-hand side');
  const t = tok.t;
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    const name = t
      .slice(1, close)
      .toUpperCase()
      .replace(/^HEADER:/, 'HEADER:');
    const path: (string | number)[] = [];
    for (const m of t.slice(close + 1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g))
      path.push(m[1] !== undefined ? m[1] : Number(m[2]));
    const headerName = name.startsWith('HEADER:') ? `HEADER:${t.slice(8, close).toLowerCase()}` : name;
    return { kind: 'ph', name: headerName, path };
  }
  if (t.startsWith('"') || t.startsWith("'"))
    return { kind: 'lit', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
  if (/^-?\d/.test(t)) return { kind: 'lit', value: Number(t) };
  if (t === 'true' || t === 'false') return { kind: 'lit', value: t === 'true' };
  if (t === 'null') return { kind: 'lit', value: null };
  throw new ConditionError(`expected a placeholder like [STATUS] or a value, found "${t}"`);
}

/** Parses one condition; throws ConditionError with a readable message. */
export function parseCondition(src: string): Condition {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i]?.t;
  const parseOr = (): Condition => {
    const parts = [parseAnd()];
    while (peek() === '||') {
      i++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };
  const parseAnd = (): Condition => {
    const parts = [parseUnary()];
    while (peek() === '&&') {
      i++;
      parts.push(parseUnary());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  const parseUnary = (): Condition => {
    if (peek() === '!') {
      i++;
      return { kind: 'not', part: parseUnary() };
    }
    if (peek() === '(') {
      i++;
      const inner = parseOr();
      if (peek() !== ')') throw new ConditionError('a "(" is not closed');
      i++;
      return inner;
    }
    const start = toks[i]?.pos ?? src.length;
    const left = operand(toks[i++]);
    const op = peek();
    if (!op || !['==', '!=', '<', '<=', '>', '>=', 'contains', '!contains'].includes(op))
      throw new ConditionError(
        `expected an operator (== != < <= > >= contains) after "${src.slice(start).trim()}"`,
      );
    i++;
    const right = operand(toks[i++]);
    const end = toks[i]?.pos ?? src.length;
    return { kind: 'cmp', left, op: op as Op, right, text: src.slice(start, end).trim() };
  };
  if (toks.length === 0) throw new ConditionError('the condition is empty');
  const c = parseOr();
  if (i < toks.length) throw new ConditionError(`unexpected "${toks[i]!.t}"`);
  return c;
}

function resolve(o: Operand, facts: Facts, json: { parsed?: unknown; done: boolean }): Value | undefined {
  if (o.kind === 'lit') return o.value;
  if (o.path.length === 0) return facts.value(o.name);
  if (o.name !== 'BODY') return undefined;
  if (!json.done) {
    json.done = true;
    try {
      json.parsed = JSON.parse(facts.body ?? '');
    } catch {
      json.parsed = undefined;
    }
  }
  let cur: unknown = json.parsed;
  for (const k of o.path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  if (cur === undefined) return undefined;
  return cur === null || ['string', 'number', 'boolean'].includes(typeof cur)
    ? (cur as Value)
    : JSON.stringify(cur);
}

const numeric = (v: Value): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())
      ? Number(v)
      : undefined;

function compare(a: Value, op: Op, b: Value): boolean {
  if (op === 'contains' || op === '!contains') {
    const has = String(a).toLowerCase().includes(String(b).toLowerCase());
    return op === 'contains' ? has : !has;
  }
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) {
    if (op === '==') return x === y;
    if (op === '!=') return x !== y;
    if (op === '<') return x < y;
    if (op === '<=') return x <= y;
    if (op === '>') return x > y;
    return x >= y;
  }
  if (op === '==') return String(a) === String(b);
  if (op === '!=') return String(a) !== String(b);
  return false;
}

const show = (v: Value | undefined): string =>
  v === undefined ? 'not available' : typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : String(v);

/** Evaluates; on failure names the first comparison that did not hold and the value it saw. */
export function evaluate(c: Condition, facts: Facts): { ok: true } | { ok: false; failed: string } {
  const json = { done: false } as { parsed?: unknown; done: boolean };
  const run = (c: Condition): { ok: true } | { ok: false; failed: string } => {
    switch (c.kind) {
      case 'cmp': {
        const a = resolve(c.left, facts, json);
        const b = resolve(c.right, facts, json);
        if (a !== undefined && b !== undefined && compare(a, c.op, b)) return { ok: true };
        const seen = c.left.kind === 'ph' ? a : b;
        return { ok: false, failed: `${c.text} (was ${show(seen)})` };
      }
      case 'and': {
        for (const p of c.parts) {
          const r = run(p);
          if (!r.ok) return r;
        }
        return { ok: true };
      }
      case 'or': {
        const fails: string[] = [];
        for (const p of c.parts) {
          const r = run(p);
          if (r.ok) return r;
          fails.push(r.failed);
        }
        return { ok: false, failed: fails.join(' and ') };
      }
      case 'not': {
        const r = run(c.part);
        return r.ok ? { ok: false, failed: 'a negated condition held' } : { ok: true };
      }
    }
  };
  return run(c);
}
