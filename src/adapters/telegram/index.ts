/**
 * The Telegram adapter on telegraf: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is
 * set, a different Bot API server with TELEGRAM_API_ROOT. Sets the command menus, answers commands
 * and page buttons, and exposes `push` (the PushPort) for the outbox sender. Replies and pushes
 * share one pacer (replies first). No telegraf type leaves this folder.
 */
import { randomBytes } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../../core/command.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Pacer, PushPort } from '../../core/push.js';
import { telegramPacer } from '../../delivery/pacer.js';
import type { StoreHandle } from '../../storage/keyv-factory.js';
import { memoryPageCursorStore, pageCursorStore } from '../page-cursors.js';
import { telegrafApi } from './api.js';
import { registerMenus } from './commands-menu.js';
import { rememberTokenForRedaction, toPlatformError } from './errors.js';
import { createUpdateHandler } from './handlers.js';
import { PageCodec } from './pagination.js';
import { ModeratorCheck } from './permissions.js';
import { ChatMigrations, createTelegramPush, TelegramOutput } from './sender.js';
import { startWebhookServer, type WebhookServer } from './webhook.js';

/** The configuration the adapter reads. */
export type TelegramConfig = Pick<
  Config,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_WEBHOOK_PORT'
> &
  Partial<Pick<Config, 'TELEGRAM_MAX_PER_SECOND'>>;

export interface StartTelegramOptions<S> {
  config: TelegramConfig;
  core: BotCore<S>;
  /** Keeps page cursors and chat migrations; in memory when absent. */
  store?: Pick<StoreHandle, 'namespace'>;
  clock?: Clock;
  /** Paces replies and pushes; Telegram's limits (TELEGRAM_MAX_PER_SECOND overall) by default. */
  pacer?: Pacer;
  logger: Logger;
  /** Interface the webhook server binds (default all interfaces). */
  webhookHost?: string;
  /** getChatMember cache lifetime (default one minute). */
  moderatorCacheMs?: number;
  /** Test hooks and timings; production uses the defaults. */
  tuning?: {
    sendTimeoutMs?: number;
    typingAfterMs?: number;
    onHandled?: (updateId: number) => void;
  };
}

/** A running Telegram adapter. */
export interface TelegramAdapter {
  /** The bot's @username (without the @). */
  botUsername: string;
  mode: 'polling' | 'webhook';
  /** The webhook server's port, in webhook mode. */
  webhookPort?: number;
  /** The push port the outbox sender delivers through (paced with the command replies). */
  push: PushPort;
  stop(): Promise<void>;
  /** True while updates can arrive: polling running, or the webhook server listening (for /healthz). */
  connected(): boolean;
}

const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query'] as const;

function webhookSecret(config: TelegramConfig): string {
  const s = config.TELEGRAM_WEBHOOK_SECRET ?? randomBytes(32).toString('hex');
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(s)) throw new Error('TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
  return s;
}

/** Starts the adapter; resolves once the bot is known (getMe) and updates are flowing. */
export async function startTelegram<S>(opts: StartTelegramOptions<S>): Promise<TelegramAdapter> {
  const { config, core, logger } = opts;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  rememberTokenForRedaction(token);
  const bot = new Telegraf(token, {
    telegram: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), webhookReply: false },
  });
  try {
    bot.botInfo = await bot.telegram.getMe();
  } catch (err) {
    const e = toPlatformError(err);
    throw new Error(`Telegram: cannot start (${e.kind}): ${e.message}`);
  }
  const botUsername = bot.botInfo.username;
  const tuning = opts.tuning ?? {};
  const clock = opts.clock ?? systemClock;
  const api = telegrafApi(bot.telegram, tuning.sendTimeoutMs !== undefined ? { sendTimeoutMs: tuning.sendTimeoutMs } : {});
  const kv = opts.store ? pageCursorStore(opts.store) : memoryPageCursorStore();
  const pages = new PageCodec(kv);
  const pacer = opts.pacer ?? telegramPacer(config.TELEGRAM_MAX_PER_SECOND ?? 30);
  const output = new TelegramOutput({ api, pages, migrations: new ChatMigrations(kv), clock, pacer });
  const moderators = new ModeratorCheck((chatId, userId) => api.memberStatus(chatId, userId), {
    logger,
    ...(opts.moderatorCacheMs !== undefined ? { ttlMs: opts.moderatorCacheMs } : {}),
  });
  const handler = createUpdateHandler({
    core,
    api,
    output,
    pages,
    moderators,
    logger,
    clock,
    pacer,
    botUsername: () => botUsername,
    ...(tuning.typingAfterMs !== undefined ? { typingAfterMs: tuning.typingAfterMs } : {}),
    ...(tuning.onHandled ? { onHandled: tuning.onHandled } : {}),
  });
  // Not awaited: telegraf waits for a batch's handlers before its next poll, so a slow command
  // would hold every chat's updates back. The handler tracks its work and drains it on stop.
  bot.use((ctx) => {
    handler.accept(ctx.update);
  });
  bot.catch((err) => logger.error({ err: toPlatformError(err) }, 'telegram: unhandled error'));

  await registerMenus(api, core.commands, logger);

  const base = { botUsername, push: createTelegramPush(output) };
  const drain = (): Promise<void> => handler.drain(10_000);
  if (config.TELEGRAM_WEBHOOK_URL) {
    const url = new URL(config.TELEGRAM_WEBHOOK_URL);
    const secret = webhookSecret(config);
    const server: WebhookServer = await startWebhookServer({
      path: url.pathname,
      secret,
      port: config.TELEGRAM_WEBHOOK_PORT,
      host: opts.webhookHost ?? '0.0.0.0',
      onUpdate: (u) => handler.accept(u),
      logger,
    });
    try {
      await bot.telegram.setWebhook(url.toString(), { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    } catch (err) {
      await server.close();
      const e = toPlatformError(err);
      throw new Error(`Telegram: setWebhook failed (${e.kind}): ${e.message}`);
    }
    logger.info({ bot: botUsername, mode: 'webhook', port: server.port }, 'telegram adapter started');
    let listening = true;
    const stopWebhook = async (): Promise<void> => {
      listening = false;
      await server.close();
      await drain();
    };
    return { ...base, mode: 'webhook', webhookPort: server.port, stop: stopWebhook, connected: () => listening };
  }

  // launch() resolves only when polling stops, so it is kept, not awaited.
  let pollingUp = true;
  const polling = bot.launch({ dropPendingUpdates: false, allowedUpdates: [...ALLOWED_UPDATES] }).then(
    () => logger.info({}, 'telegram: polling stopped'),
    (err: unknown) => logger.error({ err: toPlatformError(err) }, 'telegram: polling failed and stopped'),
  );
  void polling.finally(() => (pollingUp = false));
  logger.info({ bot: botUsername, mode: 'polling' }, 'telegram adapter started');
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    // bot.stop() throws until polling has actually begun (launch awaits deleteWebhook first).
    for (let i = 0; i < 100; i++) {
      try {
        bot.stop('shutdown');
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await Promise.race([polling, new Promise((r) => setTimeout(r, 5000).unref())]);
    await drain();
  };
  return { ...base, mode: 'polling', stop: () => (stopping ??= stop()), connected: () => pollingUp };
}
