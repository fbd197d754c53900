/**
 * The operations listener over real HTTP: /healthz from real stores (SQLite file, PostgreSQL when
 * available), /metrics from the process registry fed by a real BotCore, 404/405.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { Actor } from '../../../src/core/command.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { HealthProviders, StoreHealthProvider } from '../../../src/ops/health.js';
import { adapterStates, databaseHealth, recordCommand, startOps, type OpsServer } from '../../../src/ops/index.js';
import { dialectsUnderTest } from '../../helpers/databases.js';

const actor: Actor = { platform: 'console', userId: 'ops-test', isModerator: false };
const servers: OpsServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(health: HealthProviders): Promise<string> {
  const server = await startOps({ port: 0, host: '127.0.0.1', logger: silentLogger, health });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

function providers(store: StoreHealthProvider, extra: Partial<HealthProviders> = {}): HealthProviders {
  return { store, adapters: () => adapterStates(['console'], {}), lastIngest: async () => null, ...extra };
}

/** The value of one sample line of the Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe.each(dialectsUnderTest())('/healthz on $name', ({ fresh }) => {
  it('answers 200 with the schema version while the store is open, 503 once it is closed', async () => {
    const t = await fresh();
    try {
      const base = await serve(providers(databaseHealth(t.database), { lastIngest: async () => '2026-12-03T10:00:00.000Z' }));
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await ok.json()) as Record<string, unknown>;
      expect(body).toEqual({
        status: 'ok',
        store: 'ok',
        adapters: { discord: 'disabled', telegram: 'disabled' },
        lastIngest: '2026-12-03T10:00:00.000Z',
        outbox: { pending: 0, oldestAgeS: 0 },
        schemaVersion: expect.stringMatching(/^\d{4}-/),
      });
      await t.database.close();
      const down = await fetch(`${base}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', store: 'unreachable', schemaVersion: null });
    } finally {
      await t.cleanup();
    }
  });
});

describe('/healthz', () => {
  it('is 503 while an enabled adapter is not connected, 200 once it is', async () => {
    const live: { telegram?: { connected(): boolean } } = {};
    let up = false;
    const store: StoreHealthProvider = { ping: async () => undefined, schemaVersion: async () => 'x' };
    const base = await serve(providers(store, { adapters: () => adapterStates(['telegram'], live) }));
    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ adapters: { discord: 'disabled', telegram: 'disconnected' } });
    live.telegram = { connected: () => up };
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    up = true;
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ status: 'ok', adapters: { telegram: 'connected' } });
  });

  it('gives a store that does not answer only the deadline, then reports 503', async () => {
    const hanging: StoreHealthProvider = { ping: () => new Promise(() => undefined), schemaVersion: async () => 'x' };
    const server = await startOps({ port: 0, host: '127.0.0.1', logger: silentLogger, health: providers(hanging) });
    servers.push(server);
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports the outbox provider and refreshes the outbox gauges on a scrape', async () => {
    const store: StoreHealthProvider = { ping: async () => undefined, schemaVersion: async () => 'x' };
    const base = await serve(providers(store, { outbox: async () => ({ pending: 7, oldestAgeS: 42 }) }));
    expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ outbox: { pending: 7, oldestAgeS: 42 } });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/^chainbrief_outbox_pending 7$/m);
    expect(text).toMatch(/^chainbrief_outbox_oldest_age_seconds 42$/m);
  });
});

describe('/metrics', () => {
  it('serves the Prometheus text format; the command counter and histogram move after a command', async () => {
    const store: StoreHealthProvider = { ping: async () => undefined, schemaVersion: async () => 'x' };
    const base = await serve(providers(store));
    const { core } = await createApp({ onCommand: recordCommand });
    const first = await fetch(`${base}/metrics`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const before = await first.text();
    expect(before).toContain('process_resident_memory_bytes');
    await core.handleText('/about', actor, 'console:local');
    await core.handleText('/city-rank top 99', actor, 'console:local');
    await core.handleText('/no-such-command', actor, 'console:local');
    const after = await (await fetch(`${base}/metrics`)).text();
    const moved = (labels: string) => sample(after, 'chainbrief_commands_total', labels) - sample(before, 'chainbrief_commands_total', labels);
    expect(moved('command="about",outcome="ok"')).toBe(1);
    expect(moved('command="city-rank",outcome="user_error"')).toBe(1);
    expect(moved('command="unknown",outcome="user_error"')).toBe(1);
    expect(after).not.toContain('no-such-command');
    const count = (t: string) => sample(t, 'chainbrief_command_duration_seconds_count', 'command="about"');
    expect(count(after) - count(before)).toBe(1);
  });

  it('answers 404 for any other path and 405 for other methods', async () => {
    const store: StoreHealthProvider = { ping: async () => undefined, schemaVersion: async () => 'x' };
    const base = await serve(providers(store));
    for (const p of ['/', '/health', '/metrics/x', '/healthz/../etc']) expect((await fetch(`${base}${p}`)).status, p).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
