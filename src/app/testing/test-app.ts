import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../config/config.ts';
import { type App, type AppOptions, createApp } from '../create-app.ts';

/**
 * A full app on a fresh SQLite file in a temp directory; `cleanup` closes it and removes the files.
 * Ticks are manual unless a test asks for the wall clock (`manualTicks: false`): a detector ticking
 * on real time would judge the rows a test planted and, on a busy machine, resolve its incidents
 * before the test reads them. Tests that need the detector call `app.ctx.monitor.tick(t)`.
 */
export async function createTestApp(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  opts: AppOptions = {},
): Promise<App & { dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-app-'));
  // Load shedding off unless a test asks for it: a busy CI machine must not turn into 503s.
  const config = loadConfig({}, { dataDir: dir, shedEventLoopDelayMs: 0, ...overrides });
  const app = await createApp(config, { geo: false, manualTicks: true, ...opts });
  return {
    ...app,
    dir,
    cleanup: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
