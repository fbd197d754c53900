/**
 * Native command menus (setMyCommands): public commands for everyone, public plus moderator
 * commands for chat administrators. Names use Telegram's `[a-z0-9_]` form (`china_blockchain`).
 */
import { underscoreName, type CommandData } from '../../core/command.js';
import type { Logger } from '../../core/logger.js';
import type { BotApi, MenuCommand, MenuScope } from './api.js';

const TELEGRAM_NAME = /^[a-z0-9_]{1,32}$/;

/** The menu for each scope. Commands whose name cannot be a Telegram command are left out. */
export function buildMenus(commands: readonly CommandData[]): Record<MenuScope, MenuCommand[]> {
  const entry = (c: CommandData): MenuCommand => ({ command: underscoreName(c.name), description: c.description.slice(0, 256) });
  const valid = commands.filter((c) => TELEGRAM_NAME.test(underscoreName(c.name)));
  return {
    default: valid.filter((c) => c.permission === 'everyone').map(entry),
    all_chat_administrators: valid.map(entry),
  };
}

/**
 * Sets both menus. A failure is logged and reported, never thrown: the bot answers commands
 * without a menu just as well.
 */
export async function registerMenus(api: BotApi, commands: readonly CommandData[], logger: Logger): Promise<{ ok: boolean }> {
  const menus = buildMenus(commands);
  let ok = true;
  for (const scope of Object.keys(menus) as MenuScope[]) {
    try {
      await api.setMenu(menus[scope], scope);
      logger.debug({ scope, count: menus[scope].length }, 'telegram: command menu set');
    } catch (err) {
      ok = false;
      logger.warn({ err, scope }, 'telegram: could not set the command menu; continuing without it');
    }
  }
  return { ok };
}
