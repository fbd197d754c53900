/**
 * What the fake Bot API checks in outgoing requests, as Telegram does: HTML text (allowed tags,
 * escaping, 4096 characters), inline keyboards (callback_data 1-64 bytes) and command menus.
 * Failures are thrown as FakeApiError carrying the Bot API error body.
 */
import { HtmlError, parseTelegramHtml } from './telegram-html.js';

/** A Bot API error body. */
export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** Thrown inside the fake to answer `{ ok: false, ...body }`. */
export class FakeApiError extends Error {
  constructor(readonly body: InjectedError) {
    super(body.description);
  }
}

type Json = Record<string, unknown>;

/** An inline keyboard as sent. */
export type Keyboard = Array<Array<{ text: string; callback_data: string }>>;

const bad = (description: string): FakeApiError => new FakeApiError({ error_code: 400, description });

/** Checks a message text; records HTML errors in `htmlErrors`. Returns the markup, visible text and links. */
export function checkText(p: Json, htmlErrors: string[]): { html: string; text: string; links: string[] } {
  const html = String(p.text ?? '');
  if (p.parse_mode !== 'HTML') return { html, text: html, links: [] };
  try {
    const parsed = parseTelegramHtml(html);
    if (!parsed.text.trim()) throw bad('Bad Request: message text is empty');
    if (parsed.text.length > 4096) throw bad('Bad Request: message is too long');
    return { html, text: parsed.text, links: parsed.links };
  } catch (err) {
    if (err instanceof HtmlError) {
      htmlErrors.push(`${err.message} in ${JSON.stringify(html.slice(0, 200))}`);
      throw bad(err.message);
    }
    throw err;
  }
}

/** Checks `reply_markup.inline_keyboard`, if any. */
export function checkKeyboard(p: Json): Keyboard | undefined {
  const markup = p.reply_markup as { inline_keyboard?: Array<Array<{ text?: unknown; callback_data?: unknown }>> } | undefined;
  if (!markup?.inline_keyboard) return undefined;
  for (const b of markup.inline_keyboard.flat()) {
    const data = b.callback_data;
    if (typeof b.text !== 'string' || !b.text || typeof data !== 'string' || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64) {
      throw bad('Bad Request: BUTTON_DATA_INVALID');
    }
  }
  return markup.inline_keyboard as Keyboard;
}

/** Checks a setMyCommands list and returns it with the scope's key (`default`, `all_chat_administrators`, …). */
export function checkMenu(p: Json): { scope: string; commands: Array<{ command: string; description: string }> } {
  const list = p.commands as Array<{ command?: unknown; description?: unknown }> | undefined;
  if (!Array.isArray(list) || list.length > 100) throw bad('Bad Request: commands list is invalid');
  for (const c of list) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad('Bad Request: BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw bad('Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
  }
  return { scope: scopeKey(p.scope), commands: list as Array<{ command: string; description: string }> };
}

/** The key a menu is stored under for a BotCommandScope. */
export function scopeKey(scope: unknown): string {
  return typeof scope === 'object' && scope && 'type' in scope ? String((scope as { type: unknown }).type) : 'default';
}
