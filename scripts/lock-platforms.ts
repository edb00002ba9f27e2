/**
 * The npm registry mirror this project is built with does not serve platform binaries for other
 * systems (e.g. @biomejs/cli-darwin-x64 answers 404), so `npm install` leaves them out of the lock,
 * and `npm ci` then refuses the lock as out of sync. This adds a lock entry (no tarball: npm skips
 * optional packages for another os/cpu without fetching them) for each missing optional dependency
 * whose name says its platform. `--check` only reports (used by `npm run verify`).
 *
 *   node scripts/lock-platforms.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  license?: string;
};
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as {
  packages: Record<string, Entry & Record<string, unknown>>;
};
const PLATFORM = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|arm|ia32)(-(musl|gnu|msvc))?$/;

const missing: [string, Record<string, unknown>][] = [];
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const m = name.match(PLATFORM);
    if (lock.packages[key] || !m) continue;
    const libc = m[4] === 'musl' ? ['musl'] : m[1] === 'linux' ? ['glibc'] : undefined;
    missing.push([
      key,
      {
        version,
        cpu: [m[2]],
        dev: entry.dev ?? false,
        license: entry.license,
        optional: true,
        os: [m[1]],
        ...(libc ? { libc } : {}),
      },
    ]);
  }
}
if (process.argv.includes('--check')) {
  if (missing.length > 0) {
    console.error(
      `package-lock.json lacks ${missing.length} platform package(s) (${missing.map(([k]) => k).join(', ')}); npm ci would refuse it. Run: node scripts/lock-platforms.ts`,
    );
    process.exit(1);
  }
  console.log('Lockfile: OK');
} else {
  for (const [key, entry] of missing) lock.packages[key] = entry as Entry;
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`added ${missing.length} lock entries`);
}
