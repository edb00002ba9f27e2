import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority: raises its nice value by `by` (up to 19; no
 * privilege is needed to lower a priority). Linux only, where setpriority takes a thread id and
 * /proc/thread-self names it; elsewhere, or without /proc, nothing changes. Returns the thread's
 * new nice value, or undefined when it was left alone.
 */
export function lowerThreadPriority(by: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    const nice = Math.min(19, getPriority(tid) + by);
    setPriority(tid, nice);
    return nice;
  } catch {
    return undefined;
  }
}
