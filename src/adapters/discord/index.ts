/**
 * The Discord adapter: logs in, registers the core's commands when they changed, answers
 * interactions, and exposes `push` (the PushPort the outbox sender delivers through). Started by
 * main.ts when DISCORD_TOKEN is set.
 */
import { Events } from 'discord.js';
import { systemClock, type Clock } from '../../core/command.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Pacer, PushPort } from '../../core/push.js';
import { discordPacer } from '../../delivery/pacer.js';
import { pageCursorStore, type NamespacedStore } from '../page-cursors.js';
import { createDiscordClient, loginAndWait } from './client.js';
import { describeError } from './errors.js';
import { handleInteraction } from './interactions.js';
import { createDiscordPush } from './push.js';
import { syncCommands, type HashStore } from './register.js';

/** The configuration the adapter reads (a subset of the app Config). */
export interface DiscordConfig {
  DISCORD_TOKEN?: string | undefined;
  DISCORD_APPLICATION_ID?: string | undefined;
  DISCORD_GUILD_ID?: string | undefined;
  DISCORD_API_URL?: string | undefined;
  DISCORD_MAX_PER_SECOND?: number | undefined;
}

/** The part of the store handle the adapter needs. */
export type DiscordStore = NamespacedStore;

export interface StartDiscordOptions<S> {
  config: DiscordConfig;
  core: BotCore<S>;
  store: DiscordStore;
  logger: Logger;
  clock?: Clock;
  /** Paces pushes; DISCORD_MAX_PER_SECOND (default 50) requests per second by default. */
  pacer?: Pacer;
  /** Test hooks and timings; production uses the defaults. */
  tuning?: {
    deferAfterMs?: number;
    autocompleteTimeoutMs?: number;
    pageTtlMs?: number;
    onHandled?: (interactionId: string) => void;
    /** Abort a push request after this long (default 15 s). */
    pushTimeoutMs?: number;
  };
}

/** A running Discord adapter. */
export interface DiscordAdapter {
  /** The push port the outbox sender delivers through. */
  push: PushPort;
  stop(): Promise<void>;
  /** The bot's application id, as reported at log-in. */
  applicationId: string;
}

/** Starts the adapter and resolves once it is logged in and its commands are registered. */
export async function startDiscord<S>(opts: StartDiscordOptions<S>): Promise<DiscordAdapter> {
  const token = opts.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is required to start the Discord adapter');
  const logger = opts.logger.child?.({ adapter: 'discord' }) ?? opts.logger;
  const clock = opts.clock ?? systemClock;
  const tuning = opts.tuning ?? {};
  const client = createDiscordClient({ apiUrl: opts.config.DISCORD_API_URL });
  // Page cursors too long for a custom_id, and the continuation messages of paged answers.
  const pageStore = pageCursorStore(opts.store);

  client.on(Events.InteractionCreate, (interaction) => {
    void handleInteraction(interaction, { core: opts.core, logger, clock, pageStore, ...tuning });
  });
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord warning'));
  client.on(Events.Error, (err) => logger.error({ err: describeError(err) }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'discord gateway disconnected'));

  try {
    await loginAndWait(client, token);
    const applicationId = client.application?.id ?? opts.config.DISCORD_APPLICATION_ID;
    if (!applicationId) throw new Error('Discord did not report an application id; set DISCORD_APPLICATION_ID');
    logger.info({ user: client.user?.tag, applicationId, guilds: client.guilds.cache.size }, 'discord logged in');

    const kv = opts.store.namespace<string>('discord');
    const hashStore: HashStore = { get: (k) => kv.get(k), set: (k, v) => kv.set(k, v) };
    await syncCommands({
      rest: client.rest,
      target: { applicationId, guildId: opts.config.DISCORD_GUILD_ID },
      commands: opts.core.commands,
      store: hashStore,
      logger,
    });

    const push = createDiscordPush({
      token,
      apiUrl: opts.config.DISCORD_API_URL,
      pacer: opts.pacer ?? discordPacer(opts.config.DISCORD_MAX_PER_SECOND ?? 50),
      globalPerSecond: Math.max(50, opts.config.DISCORD_MAX_PER_SECOND ?? 50),
      ...(tuning.pushTimeoutMs !== undefined ? { timeoutMs: tuning.pushTimeoutMs } : {}),
    });
    return {
      applicationId,
      push,
      async stop() {
        push.close();
        client.removeAllListeners();
        await client.destroy();
        logger.info({}, 'discord stopped');
      },
    };
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw err;
  }
}
