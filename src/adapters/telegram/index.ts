/**
 * The Telegram adapter on telegraf: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is
 * set, a different Bot API server with TELEGRAM_API_ROOT. Sets the command menus, answers commands
 * and page buttons, and exposes `send` for digests and alerts. No telegraf type leaves this folder.
 */
import { randomBytes } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Config } from '../../config.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { StoreHandle } from '../../storage/keyv-factory.js';
import { telegrafApi } from './api.js';
import { registerMenus } from './commands-menu.js';
import { rememberTokenForRedaction, toPlatformError } from './errors.js';
import { createUpdateHandler } from './handlers.js';
import { memoryCursorStore, PageCodec, type CursorStore } from './pagination.js';
import { ModeratorCheck } from './permissions.js';
import { ChatMigrations, ReplySender, type ChatTarget, type SendOutcome } from './sender.js';
import { startWebhookServer, type WebhookServer } from './webhook.js';

export type { ChatTarget, SendOutcome } from './sender.js';

/** The configuration the adapter reads. */
export type TelegramConfig = Pick<
  Config,
  'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_URL' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_WEBHOOK_PORT'
>;

export interface StartTelegramOptions<S> {
  config: TelegramConfig;
  core: BotCore<S>;
  /** Keeps page cursors and chat migrations; in memory when absent. */
  store?: StoreHandle;
  logger: Logger;
  /** Interface the webhook server binds (default all interfaces). */
  webhookHost?: string;
  /** getChatMember cache lifetime (default one minute). */
  moderatorCacheMs?: number;
}

/** A running Telegram adapter. */
export interface TelegramAdapter {
  /** The bot's @username (without the @). */
  botUsername: string;
  mode: 'polling' | 'webhook';
  /** The webhook server's port, in webhook mode. */
  webhookPort?: number;
  /** Posts a reply to a chat (digests, alerts). Failures come back as data with a PlatformError kind. */
  send(to: ChatTarget, reply: Reply): Promise<SendOutcome>;
  stop(): Promise<void>;
  /** True while updates can arrive: polling running, or the webhook server listening (for /healthz). */
  connected(): boolean;
}

const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query'] as const;

function keyvStore(store: StoreHandle): CursorStore {
  const kv = store.namespace<unknown>('telegram');
  return {
    get: (key) => kv.get(key),
    set: (key, value, ttl) => kv.set(key, value, ttl),
  };
}

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
  const api = telegrafApi(bot.telegram);
  const kv = opts.store ? keyvStore(opts.store) : memoryCursorStore();
  const pages = new PageCodec(kv);
  const sender = new ReplySender(api, pages, new ChatMigrations(kv));
  const moderators = new ModeratorCheck((chatId, userId) => api.memberStatus(chatId, userId), {
    logger,
    ...(opts.moderatorCacheMs !== undefined ? { ttlMs: opts.moderatorCacheMs } : {}),
  });
  const handle = createUpdateHandler({ core, api, sender, pages, moderators, logger, botUsername: () => botUsername });
  bot.use((ctx) => handle(ctx.update));
  bot.catch((err) => logger.error({ err: toPlatformError(err) }, 'telegram: unhandled error'));

  await registerMenus(api, core.commands, logger);

  const base = { botUsername, send: (to: ChatTarget, reply: Reply) => sender.send(to, reply) };
  if (config.TELEGRAM_WEBHOOK_URL) {
    const url = new URL(config.TELEGRAM_WEBHOOK_URL);
    const secret = webhookSecret(config);
    const server: WebhookServer = await startWebhookServer({
      path: url.pathname,
      secret,
      port: config.TELEGRAM_WEBHOOK_PORT,
      host: opts.webhookHost ?? '0.0.0.0',
      onUpdate: (u) => handle(u),
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
    const stopServer = (): Promise<void> => {
      listening = false;
      return server.close();
    };
    return { ...base, mode: 'webhook', webhookPort: server.port, stop: stopServer, connected: () => listening };
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
  };
  return { ...base, mode: 'polling', stop: () => (stopping ??= stop()), connected: () => pollingUp };
}
