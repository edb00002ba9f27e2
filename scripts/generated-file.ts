/**
 * A file the repository generates and commits: written by its script, or, with `--check` (run by
 * verify), compared with what is checked in, failing with the command that regenerates it.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(path: URL, want: string, name: string, command: string): void {
  if (process.argv.includes('--check')) {
    let have = '';
    try {
      have = readFileSync(path, 'utf8');
    } catch {}
    if (have !== want) {
      console.error(`${name} is stale: run \`${command}\` and commit it.`);
      process.exit(1);
    }
  } else {
    writeFileSync(path, want);
    console.log(`wrote ${name}`);
  }
}
