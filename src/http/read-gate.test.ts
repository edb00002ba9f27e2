import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadGate } from './read-gate.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};
/** Lets the overdue 100 ms timer run once. */
const tick = () => new Promise((r) => setTimeout(r, 1));

test('reads are never held back while no reports arrive, even on a saturated loop', async () => {
  const gate = new ReadGate();
  try {
    busy(150);
    await tick();
    for (let i = 0; i < 5000; i++) assert.equal(gate.admit('GET', '/status/x'), undefined);
  } finally {
    gate.close();
  }
});

test('while reports arrive on a saturated loop, reads are paced and wait in order; writes never wait', async () => {
  const gate = new ReadGate();
  try {
    for (let i = 0; i < 1000; i++) gate.admit('GET', '/');
    assert.equal(gate.admit('POST', '/api/v1/reports'), undefined);
    busy(150);
    await tick();
    assert.ok(gate.budget <= 500, `budget ${gate.budget}`);
    const waits = Array.from({ length: gate.budget + 10 }, () => gate.admit('GET', '/api/v1/status'));
    assert.equal(waits.filter((w) => w !== undefined).length, 10, 'the excess waits');
    assert.equal(gate.admit('GET', '/healthz'), undefined, 'health checks are exempt');
    await Promise.all(waits);
    assert.equal(gate.admit('POST', '/api/v1/reports'), undefined);
  } finally {
    gate.close();
  }
});
