import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { main } from './main.ts';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await main(argv, { stdin: new PassThrough(), stdout, stderr }, env);
  return { code, out, err };
}

test('downwatch agent: --help, and usage mistakes as plain sentences with exit 2', async () => {
  const help = await run(['agent', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: downwatch agent --server URL --token TOKEN/);
  assert.match((await run(['--help'])).out, /agent\s+run a remote probe agent/);
  for (const [args, message] of [
    [['agent'], /needs --server URL and --token TOKEN/],
    [['agent', '--server', 'nope', '--token', 't'], /--server: "nope" is not a URL/],
    [
      ['agent', '--server', 'http://127.0.0.1:1', '--token', 't', '--country', 'Netherlands'],
      /--country: must be an ISO/,
    ],
    [['agent', '--server', 'http://127.0.0.1:1', '--token', 't', '--concurrency', '0'], /--concurrency/],
  ] as const) {
    const r = await run([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message);
  }
});
