/**
 * Runs the real Discord adapter (real discord.js Client) against the fake server: start both,
 * send an interaction through the gateway, wait until the adapter has answered it, read back
 * what was sent.
 */
import { silentLogger, type Logger } from '../../src/core/logger.js';
import type { BotCore } from '../../src/core/dispatch.js';
import type { Clock } from '../../src/core/command.js';
import { startDiscord, type DiscordAdapter, type DiscordStore, type StartDiscordOptions } from '../../src/adapters/discord/index.js';
import { FakeDiscord, type RecordedRequest } from './discord-server.js';
import { sentMessages, viewMessage, type MessageBody } from './discord-view.js';
import { HandledWaiter } from './handled-waiter.js';

export const TEST_TOKEN = 'fake.discord.token-for-tests-only';

/** A Map-backed store with the same shape as the Keyv namespaces. */
export function memoryStore(): DiscordStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    namespace<T>(name: string) {
      return {
        get: async (key: string) => data.get(`${name}:${key}`) as T | undefined,
        set: async (key: string, value: T) => data.set(`${name}:${key}`, value),
      };
    },
  };
}

export interface Harness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  /** Dispatches an interaction and resolves with everything the bot sent for it. */
  interact(payload: { id: string; token: string }): Promise<{ requests: RecordedRequest[]; messages: MessageBody[] }>;
  close(): Promise<void>;
}

export interface HarnessOptions<S> {
  core: BotCore<S>;
  store?: DiscordStore;
  logger?: Logger;
  clock?: Clock;
  guildId?: string | undefined;
  tuning?: StartDiscordOptions<S>['tuning'];
  /** Reuse a running fake (restart tests). */
  fake?: FakeDiscord;
}

/** Starts the fake (unless given) and the adapter logged into it. */
export async function startHarness<S>(opts: HarnessOptions<S>): Promise<Harness> {
  const fake = opts.fake ?? (await FakeDiscord.start({ token: TEST_TOKEN }));
  const waiter = new HandledWaiter<string>();
  const adapter = await startDiscord({
    config: { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: opts.guildId },
    core: opts.core,
    store: opts.store ?? memoryStore(),
    logger: opts.logger ?? silentLogger,
    ...(opts.clock ? { clock: opts.clock } : {}),
    tuning: {
      ...opts.tuning,
      onHandled: waiter.handled,
    },
  });
  return {
    fake,
    adapter,
    async interact(payload) {
      const done = waiter.wait(payload.id, `interaction ${payload.id}`, 15_000);
      fake.dispatch('INTERACTION_CREATE', payload);
      await done;
      const requests = fake.requestsFor(payload.token);
      return { requests, messages: sentMessages(requests) };
    },
    async close() {
      await adapter.stop();
      if (!opts.fake) await fake.close();
    },
  };
}

/** Plain text, links and error flag across all messages of one answer. */
export function viewAll(messages: MessageBody[]): { text: string; links: string[]; isError: boolean } {
  const views = messages.map(viewMessage);
  return { text: views.map((v) => v.text).join('\n'), links: views.flatMap((v) => v.links), isError: views.some((v) => v.isError) };
}
