/**
 * `downwatch replay` as a user runs it: its temporary store is removed at the end unless --keep,
 * also when stopped by SIGINT or SIGTERM in the middle of the replay, it reads the same settings
 * as `serve` from the environment, and --speed paces from the outage on.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pacedFromOf, replayConfig } from '../src/cli/replay.ts';
import { generatedSpan } from '../src/scenarios/generate.ts';
import { loadScenario } from '../src/scenarios/load.ts';
import { ROOT } from './support/server-process.ts';

const SCENARIO = join(ROOT, 'scenarios/2023-05-21-instagram.yaml');

type Run = { code: number | null; out: string; err: string };

/**
 * Runs the CLI with TMPDIR set to `tmp`. With `stopWith`, sends that signal as soon as the replay
 * has started (at the --speed the tests use it would take hours to finish) and gives it 30 s to exit.
 */
function cli(argv: string[], tmp: string, stopWith?: NodeJS.Signals): Promise<Run> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DOWNWATCH_') && k !== 'DATABASE_URL'),
  );
  const child = spawn(join(ROOT, 'bin/downwatch'), argv, {
    env: { ...env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (stopWith && out.includes('Replaying "') && !child.killed) {
      child.kill(stopWith);
      clearTimeout(killer);
      killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    }
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, out, err });
    }),
  );
}

const replay = (args: string[], tmp: string, stopWith?: NodeJS.Signals) =>
  cli(['replay', SCENARIO, '--scale', '0.01', ...args], tmp, stopWith);

test('replay removes its temporary store at the end, and keeps it with --keep', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dw-replay-tmp-'));
  try {
    const plain = await replay([], tmp);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /Incidents:/);
    assert.deepEqual(readdirSync(tmp), [], 'nothing left behind');
    const kept = await replay(['--keep'], tmp);
    assert.equal(kept.code, 0, kept.err);
    const left = readdirSync(tmp);
    assert.equal(left.length, 1);
    assert.match(kept.err, new RegExp(`Store kept in .*${left[0]}`));
    assert.ok(readdirSync(join(tmp, left[0]!)).includes('downwatch.sqlite'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('Ctrl-C in the middle of a replay stops it with status 130 and removes the store; --keep keeps it', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dw-replay-tmp-'));
  try {
    const stopped = await replay(['--speed', '1'], tmp, 'SIGINT');
    assert.equal(stopped.code, 130, stopped.err);
    assert.doesNotMatch(stopped.out, /Incidents:/, 'stopped before the end');
    assert.deepEqual(readdirSync(tmp), [], 'nothing left behind');
    const kept = await replay(['--speed', '1', '--keep'], tmp, 'SIGINT');
    assert.equal(kept.code, 130, kept.err);
    const left = readdirSync(tmp);
    assert.equal(left.length, 1);
    assert.match(kept.err, new RegExp(`Store kept in .*${left[0]}`));
    assert.ok(readdirSync(join(tmp, left[0]!)).includes('downwatch.sqlite'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('SIGTERM in the middle of a demo stops it with status 143 and removes the store', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dw-demo-tmp-'));
  try {
    const stopped = await cli(['demo', '--port', '0', '--speed', '1'], tmp, 'SIGTERM');
    assert.equal(stopped.code, 143, stopped.err);
    assert.doesNotMatch(stopped.out, /Incidents:/, 'stopped before the end');
    assert.deepEqual(readdirSync(tmp), [], 'nothing left behind');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('replay reads the settings serve reads, except its own store and address', () => {
  const config = replayConfig(
    {
      DOWNWATCH_SMTP_URL: 'smtp://127.0.0.1:2525',
      DOWNWATCH_MAIL_FROM: 'Downwatch <dw@example.org>',
      DOWNWATCH_PUBLIC_URL: 'https://status.example.org',
      DOWNWATCH_ALERTS_ALLOW_PRIVATE: 'true',
      DATABASE_URL: 'postgres://nobody@127.0.0.1/prod',
      DOWNWATCH_DATA_DIR: '/var/lib/downwatch',
      DOWNWATCH_PORT: '80',
    },
    '/tmp/replay-store',
    undefined,
  );
  assert.equal(config.smtpUrl, 'smtp://127.0.0.1:2525');
  assert.equal(config.publicUrl, 'https://status.example.org');
  assert.equal(config.alertsAllowPrivate, true);
  assert.equal(config.databaseUrl, undefined, 'never the production database');
  assert.equal(config.dataDir, '/tmp/replay-store');
  assert.equal(config.port, 0);
});

test('--speed paces from the outage on, not from the normal day before it', () => {
  const scenario = loadScenario(SCENARIO);
  const [first] = generatedSpan(scenario, { warmup: false });
  const from = pacedFromOf(scenario);
  assert.equal(from, Date.UTC(2023, 4, 21, 21, 45));
  assert.ok(from! > first! + 60 * 60_000, 'hours of normal traffic go by unpaced');
});
