/**
 * Writes `.env.example` from the configuration schema; with `--check` (run by verify) fails when
 * the checked-in file differs, so a new setting cannot ship without its line.
 */
import { envExample } from '../src/config/env-example.ts';
import { writeOrCheck } from './generated-file.ts';

writeOrCheck(
  new URL('../.env.example', import.meta.url),
  envExample(),
  '.env.example',
  'node scripts/env-example.ts',
);
