import type { PruneCutoffs, PruneResult } from '../store.ts';
import type { Executor } from './executor.ts';

/** Deletes what has passed its retention. Hourly roll-ups are kept: they are the long history. */
export async function prune(db: Executor, c: PruneCutoffs): Promise<PruneResult> {
  const reports = await db.run('DELETE FROM reports WHERE received_at < $1', [c.reportsBefore]);
  const minutes = await db.run('DELETE FROM counts_minute WHERE minute < $1', [c.minutesBefore]);
  const windows = await db.run('DELETE FROM report_windows WHERE window_start < $1', [c.windowsBefore]);
  const keys = await db.run('DELETE FROM identity_keys WHERE day < $1', [c.keysBefore]);
  return { reports: reports.changes, minutes: minutes.changes, windows: windows.changes, keys: keys.changes };
}

/** Returns the stored key for the day, inserting the candidate if there is none yet. */
export async function identityKey(db: Executor, day: string, candidate: string): Promise<string> {
  await db.run('INSERT INTO identity_keys (day, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    day,
    candidate,
  ]);
  const rows = await db.all('SELECT key FROM identity_keys WHERE day = $1', [day]);
  return String(rows[0]?.key);
}
