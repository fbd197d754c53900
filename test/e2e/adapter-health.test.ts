/**
 * What /healthz reads from the real adapters: connected() while discord.js's gateway shards are
 * ready and while telegraf polls, false once stopped; and every log line of a Telegram update
 * carries its update_id.
 */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { createContractCore } from '../contract/adapter-contract.js';
import { startHarness } from '../fakes/discord-harness.js';
import { startTelegramHarness } from '../fakes/telegram-harness.js';

/** A logger that records every line with the bindings of the child it was logged through. */
function recordingLogger(lines: Array<{ bindings: object; msg: string }>, bindings: object = {}): Logger {
  const log = (_o: object, msg?: string): void => {
    lines.push({ bindings, msg: msg ?? '' });
  };
  return { debug: log, info: log, warn: log, error: log, child: (b) => recordingLogger(lines, { ...bindings, ...b }) };
}

describe('adapter health and request logging', () => {
  it('Discord: connected while the gateway shard is ready, not after stop', async () => {
    const h = await startHarness({ core: await createContractCore() });
    try {
      expect(h.adapter.connected()).toBe(true);
    } finally {
      await h.close();
    }
    expect(h.adapter.connected()).toBe(false);
  });

  it('Telegram: connected while polling, not after stop; log lines of an update carry its update_id', async () => {
    const lines: Array<{ bindings: object; msg: string }> = [];
    const h = await startTelegramHarness({ core: await createContractCore(), logger: recordingLogger(lines) });
    try {
      expect(h.adapter.connected()).toBe(true);
      await h.say('/help');
      const answering = lines.filter((l) => l.msg === 'telegram: answering command');
      expect(answering.length).toBe(1);
      expect(answering[0]!.bindings).toMatchObject({ updateId: expect.any(Number) });
    } finally {
      await h.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(h.adapter.connected()).toBe(false);
  });
});
