/**
 * `npm run commands:deploy`: registers the command definitions with Discord without starting the
 * bot — to DISCORD_GUILD_ID when set (instant, for development), else globally. The hash is stored
 * so the next bot start-up sees the commands as current and does not register them again.
 */
import { REST, Routes } from 'discord.js';
import type { CommandData } from '../../core/command.js';
import type { Logger } from '../../core/logger.js';
import type { DiscordConfig, DiscordStore } from './index.js';
import { syncCommands } from './register.js';

/** Registers `commands`; resolves with where they went. */
export async function deployCommands(opts: {
  config: DiscordConfig;
  commands: readonly CommandData[];
  store: DiscordStore;
  logger: Logger;
}): Promise<{ applicationId: string; guildId?: string; count: number }> {
  const token = opts.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is required to deploy commands');
  const rest = new REST(opts.config.DISCORD_API_URL ? { api: opts.config.DISCORD_API_URL.replace(/\/+$/, '') } : {}).setToken(token);
  let applicationId = opts.config.DISCORD_APPLICATION_ID;
  if (!applicationId) {
    const app = (await rest.get(Routes.currentApplication())) as { id?: unknown };
    if (typeof app.id !== 'string') throw new Error('Discord did not return an application id; set DISCORD_APPLICATION_ID');
    applicationId = app.id;
  }
  const guildId = opts.config.DISCORD_GUILD_ID;
  const kv = opts.store.namespace<string>('discord');
  await syncCommands({
    rest,
    target: { applicationId, guildId },
    commands: opts.commands,
    store: { get: (k) => kv.get(k), set: (k, v) => kv.set(k, v) },
    logger: opts.logger,
    force: true,
  });
  return { applicationId, ...(guildId ? { guildId } : {}), count: opts.commands.length };
}
