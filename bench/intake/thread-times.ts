/**
 * Per-thread CPU and scheduling of this process, from Linux's /proc/self/task/<tid>/{stat,schedstat}
 * (empty elsewhere). Threads are grouped by name: Node names its event loop "MainThread", worker
 * threads "WorkerThread", V8's GC and compiler helpers "V8Worker" and libuv's pool "libuv-worker".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fmt, pct } from './format.ts';

/** One group of threads over a window: CPU used, time runnable but waiting for a core, time slices. */
export type ThreadTimes = {
  name: string;
  cpuMs: number;
  /** Time spent runnable on a run queue, waiting for a CPU (schedstat's second field). */
  waitMs: number;
  /** Times the threads were put on a CPU: roughly, how often they woke up. */
  slices: number;
};

type Reading = Map<string, { name: string; cpuNs: number; waitNs: number; slices: number }>;

/** The threads' counters now, by thread id. */
export function readThreads(): Reading {
  const out: Reading = new Map();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [runNs = 0, waitNs = 0, slices = 0] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8')
        .trim()
        .split(' ')
        .map(Number);
      out.set(tid, { name, cpuNs: runNs, waitNs, slices });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** What each group of threads did between two readings (threads born in between count from zero). */
export function threadTimesSince(before: Reading, after: Reading = readThreads()): ThreadTimes[] {
  const groups = new Map<string, ThreadTimes>();
  for (const [tid, a] of after) {
    const b = before.get(tid);
    const g = groups.get(a.name) ?? { name: a.name, cpuMs: 0, waitMs: 0, slices: 0 };
    g.cpuMs += (a.cpuNs - (b?.cpuNs ?? 0)) / 1e6;
    g.waitMs += (a.waitNs - (b?.waitNs ?? 0)) / 1e6;
    g.slices += a.slices - (b?.slices ?? 0);
    groups.set(a.name, g);
  }
  return [...groups.values()].filter((g) => g.cpuMs > 0).sort((x, y) => y.cpuMs - x.cpuMs);
}

/**
 * "MainThread 63.0 µs/req (584 wake-ups/s, 2% waiting for a core), …" for the groups that used at
 * least 0.5% of a core over the window.
 */
export function describeThreads(threads: ThreadTimes[], responses: number, wallMs: number): string {
  return threads
    .filter((t) => t.cpuMs >= 0.005 * wallMs)
    .map(
      (t) =>
        `${t.name} ${fmt((1000 * t.cpuMs) / Math.max(1, responses), 1)} µs/req ` +
        `(${fmt((1000 * t.slices) / wallMs)} wake-ups/s, ${pct((100 * t.waitMs) / wallMs)} waiting for a core)`,
    )
    .join(', ');
}
