/**
 * The launchers and bad configuration, as an operator meets them: `npm start` and bin/downwatch pass
 * SIGTERM and SIGINT on to the server (which drains and exits 0), and a bad variable or flag is one
 * sentence naming it, with exit status 2, quickly, without a stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './support/server-process.ts';

type Run = { code: number | null; out: string; err: string };

function start(cmd: string, args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DOWNWATCH_') && k !== 'DATABASE_URL'),
  );
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const done = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  done.finally(() => clearTimeout(killer));
  return { child, done, err: () => err };
}

async function waitFor(read: () => string, re: RegExp, ms = 45_000): Promise<void> {
  const until = Date.now() + ms;
  while (!re.test(read())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${re}: ${read()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const [name, cmd, args, signal] of [
  ['npm start', 'npm', ['start', '--silent'], 'SIGTERM'],
  ['bin/downwatch serve', join(ROOT, 'bin/downwatch'), ['serve'], 'SIGINT'],
] as const) {
  test(`${name} passes ${signal} on: the server drains and exits 0`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-launch-'));
    try {
      const p = start(cmd, [...args], {
        DOWNWATCH_PORT: '0',
        DOWNWATCH_HOST: '127.0.0.1',
        DOWNWATCH_DATA_DIR: dir,
        DOWNWATCH_LOG_LEVEL: 'silent',
      });
      await waitFor(p.err, /Downwatch .* on http/);
      p.child.kill(signal);
      const r = await p.done;
      assert.match(r.err, new RegExp(`${signal}: draining and closing`), r.err);
      assert.equal(r.code, 0, r.err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('bad configuration: one sentence naming the variable or flag, exit 2, no stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dw-badcfg-'));
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  try {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [
        { DOWNWATCH_TRUST_PROXY: 'notanip' },
        [],
        /DOWNWATCH_TRUST_PROXY: "notanip" is not an IP address or a CIDR range/,
      ],
      [{}, ['--data-dir', file], /--data-dir: .*a-file is a file, not a directory/],
      [{ DOWNWATCH_DATA_DIR: file }, [], /DOWNWATCH_DATA_DIR: .*a-file is a file, not a directory/],
      [{}, ['--data-dir', '/proc/nope'], /--data-dir: \/proc\/nope cannot be created/],
      [{ DOWNWATCH_PORT: 'abc' }, [], /DOWNWATCH_PORT: must be a number\./],
      [{ DOWNWATCH_PROBES: 'some' }, [], /DOWNWATCH_PROBES: must be one of: off, catalog\./],
      [
        { DOWNWATCH_ALERTS_ALLOW_PRIVATE: 'yes please' },
        [],
        /DOWNWATCH_ALERTS_ALLOW_PRIVATE: must be true or false\./,
      ],
    ];
    for (const [env, flags, re] of cases) {
      const port = env.DOWNWATCH_PORT ? [] : ['--port', '0'];
      const r = await start(join(ROOT, 'bin/downwatch'), ['serve', ...port, ...flags], {
        DOWNWATCH_DATA_DIR: join(dir, 'data'),
        ...env,
      }).done;
      const what = JSON.stringify({ env, flags });
      assert.equal(r.code, 2, `${what}: ${r.err}`);
      assert.match(r.err, re, what);
      assert.doesNotMatch(r.err, /\n\s+at /, `${what}: no stack trace`);
      assert.ok(r.err.trim().split('\n').length <= 2, `${what}: short: ${r.err}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
