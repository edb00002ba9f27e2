import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a runnable embedded set-up', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, './data');
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.adminToken, undefined, 'secrets are never defaulted');
});

test('environment variables and overrides, empty counts as unset', () => {
  const c = loadConfig(
    {
      DOWNWATCH_PORT: '9000',
      DOWNWATCH_TRUST_PROXY: '10.0.0.1, 10.0.0.2',
      DATABASE_URL: '',
      DOWNWATCH_COUNTRY_HEADER: 'CF-IPCountry',
    },
    { port: 9100 },
  );
  assert.equal(c.port, 9100);
  assert.deepEqual(c.trustProxy, ['10.0.0.1', '10.0.0.2']);
  assert.equal(c.countryHeader, 'cf-ipcountry');
});

test('bad values name the environment variable', () => {
  assert.throws(
    () => loadConfig({ DOWNWATCH_PORT: 'eighty', DATABASE_URL: 'mysql://x', DOWNWATCH_ADMIN_TOKEN: 'short' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /DOWNWATCH_PORT/);
      assert.match(e.message, /DATABASE_URL: must be a postgres:\/\/ URL/);
      assert.match(e.message, /DOWNWATCH_ADMIN_TOKEN: must be at least 16 characters/);
      return true;
    },
  );
});
