import { fileURLToPath } from 'node:url';

/** The catalog shipped with Downwatch (catalog/ at the repository root). */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../../catalog', import.meta.url));
