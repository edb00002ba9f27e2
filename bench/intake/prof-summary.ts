/**
 * Summarises a V8 .cpuprofile (from `run.ts --cpu-prof DIR`): self time by function and by file,
 * and inclusive time of a few functions of interest.
 *
 *   node bench/intake/prof-summary.ts DIR/CPU.*.cpuprofile [--top 30] [--callers NAME]
 *
 * --callers NAME: where the self time of functions named NAME comes from (their callers' stacks, 6 deep).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, callers: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: node bench/intake/prof-summary.ts FILE.cpuprofile [--top 30]');
const top = Number(values.top);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = profile.endTime - profile.startTime;

const short = (url: string): string =>
  url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm:');
const nameOf = (f: Frame): string =>
  `${f.functionName || '(anonymous)'} ${short(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;

/** A coarse area for a frame: where self time is spent, whatever the function. */
function areaOf(f: Frame): string {
  const u = f.url;
  if (!u) {
    if (f.functionName === '(idle)') return 'idle (waiting for I/O)';
    if (f.functionName === '(garbage collector)') return 'garbage collector';
    if (f.functionName === '(program)') return 'V8/libuv (program)';
    return `native: ${f.functionName || '(anonymous)'}`;
  }
  if (u.includes('/src/store/')) return 'src/store (SQL + SQLite calls)';
  if (u.includes('/src/')) return `src/${u.split('/src/')[1]!.split('/')[0]}`;
  if (u.includes('node_modules/')) return `nm:${u.split('node_modules/').pop()!.split('/')[0]}`;
  if (/^node:(_http|net|internal\/(streams|stream_base|http|net))/.test(u)) return 'node http/net/streams';
  if (u.startsWith('node:internal/crypto')) return 'node crypto';
  if (u.startsWith('node:')) return 'node other';
  return u;
}

const selfByArea = new Map<string, number>();
const selfByFn = new Map<string, number>();
const selfByFile = new Map<string, number>();
/** Inclusive time: a sample counts once for every distinct function on its stack. */
const inclByFn = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const key = nameOf(n.callFrame);
  selfByFn.set(key, (selfByFn.get(key) ?? 0) + us);
  const area = areaOf(n.callFrame);
  selfByArea.set(area, (selfByArea.get(area) ?? 0) + us);
  const fileKey = n.callFrame.url
    ? short(n.callFrame.url).replace(/^(nm:(@[^/]+\/)?[^/]+).*$/, '$1')
    : `(${n.callFrame.functionName})`;
  selfByFile.set(fileKey, (selfByFile.get(fileKey) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = nameOf(byId.get(cur)!.callFrame);
    if (seen.has(k)) continue;
    seen.add(k);
    inclByFn.set(k, (inclByFn.get(k) ?? 0) + us);
  }
}

const print = (title: string, m: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${k}\n`,
    );
  }
};
process.stdout.write(`profile ${file}: ${(totalUs / 1e6).toFixed(1)} s wall\n`);
print('self time by area', selfByArea, top);
print('self time by function', selfByFn, top);
print('self time by file or package', selfByFile, top);
print('inclusive time by function', inclByFn, top);

if (values.callers) {
  const stacks = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName !== values.callers) continue;
    const chain: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && chain.length < 6; cur = parent.get(cur))
      chain.push(nameOf(byId.get(cur)!.callFrame));
    const key = chain.join(' ← ');
    stacks.set(key, (stacks.get(key) ?? 0) + us);
  }
  print(`callers of ${values.callers}`, stacks, top);
}
