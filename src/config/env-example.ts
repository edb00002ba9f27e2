import { Config, ENV_NAMES, isConfigKey } from './config.ts';

/** A default as an environment value: lists comma-separated, unset as nothing. */
function envValue(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/**
 * The text of `.env.example`: every setting of the schema, its description and its default, so
 * the file cannot drift from what `loadConfig` reads (verify compares it with the checked-in file).
 */
export function envExample(): string {
  const out = [
    '# Downwatch settings, one environment variable each. Generated from the configuration schema',
    '# (src/config/config.ts) by `node scripts/env-example.ts`: edit the schema, not this file.',
    '# A commented-out or empty variable takes the default shown. Copy to .env and uncomment.',
    '',
  ];
  for (const [key, field] of Object.entries(Config.shape)) {
    if (!isConfigKey(key)) continue;
    const name = ENV_NAMES[key];
    const parsed = field.safeParse(undefined);
    const value = parsed.success ? envValue(parsed.data) : '';
    out.push(`# ${field.description ?? key}`);
    out.push(`# ${name}=${value}`, '');
  }
  out.push(
    '# Read by bin/downwatch, not by the schema: the old-generation cap of `serve`, in MB.',
    '# DOWNWATCH_HEAP_MB=256',
  );
  return `${out.join('\n')}\n`;
}
