/**
 * Waits for a quiet machine before a measured run: on a shared 2-core machine another benchmark or
 * test run skews a figure badly, so each run starts only once other processes use less than a
 * quarter of a core (or after `maxWaitS`, saying so). CPU time from /proc/stat (steal included).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU time all cores spent busy since boot, in ms. */
export function machineBusyMs(): number {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).map(Number) ?? [];
    const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  }
}

/** Resolves once others use < 25% of a core for a second; returns the last load seen (% of a core). */
export async function waitForQuiet(maxWaitS: number, log: (line: string) => void): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = machineBusyMs();
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const mine = process.cpuUsage(cpu0);
    const load = (100 * (machineBusyMs() - before - (mine.user + mine.system) / 1000)) / 1000;
    if (load < 25) return load;
    if (Date.now() - started >= maxWaitS * 1000) {
      log(`  the machine is still busy (${Math.round(load)}% of a core used by others); measuring anyway`);
      return load;
    }
    log(`  others use ${Math.round(load)}% of a core; waiting for a quiet machine`);
  }
}
