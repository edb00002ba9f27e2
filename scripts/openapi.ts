/**
 * Writes docs/openapi.json, the OpenAPI document the server serves at /api/v1/openapi.json, from a
 * built app (the document comes from the routes' own schemas); with `--check` (run by verify) fails
 * when the checked-in file differs, so every change to the API shows in review as a diff of it.
 */
import { createTestApp } from '../src/app/testing/test-app.ts';
import { writeOrCheck } from './generated-file.ts';

const path = new URL('../docs/openapi.json', import.meta.url);
const app = await createTestApp();
let want: string;
try {
  const res = await app.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  want = `${JSON.stringify(res.json(), null, 2)}\n`;
} finally {
  await app.cleanup();
}
writeOrCheck(path, want, 'docs/openapi.json', 'node scripts/openapi.ts');
