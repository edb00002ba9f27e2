/**
 * Writes `.env.example` from the configuration schema; with `--check` (run by verify) fails when
 * the checked-in file differs, so a new setting cannot ship without its line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { envExample } from '../src/config/env-example.ts';

const path = new URL('../.env.example', import.meta.url);
const want = envExample();
if (process.argv.includes('--check')) {
  let have = '';
  try {
    have = readFileSync(path, 'utf8');
  } catch {}
  if (have !== want) {
    console.error('.env.example is stale: run `node scripts/env-example.ts` and commit it.');
    process.exit(1);
  }
} else {
  writeFileSync(path, want);
  console.log('wrote .env.example');
}
