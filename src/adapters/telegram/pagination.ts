/**
 * Inline-keyboard pagination. Telegram caps callback_data at 64 bytes, so a page button carries the
 * command and args inline when they fit, and otherwise a short id of a stored cursor.
 * Callback data comes back from clients, so it is parsed strictly and treated as untrusted.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { canonicalName, underscoreName, type CommandArgs } from '../../core/command.js';
import type { ReplyPagination } from '../../core/reply.js';

/** Telegram's limit for callback_data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** Callback data of the "Page x/y" label button, which does nothing. */
export const NOOP_DATA = 'nop';

/** One inline button (the Bot API shape). */
export interface InlineButton {
  text: string;
  callback_data: string;
}

/** An inline keyboard (the Bot API `reply_markup` shape). */
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

/** Where stored cursors live: a Keyv namespace in production, a Map in tests. */
export interface CursorStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
}

/** A simple in-memory CursorStore (bounded). */
export function memoryCursorStore(max = 10_000): CursorStore {
  const map = new Map<string, unknown>();
  return {
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      if (map.size >= max) map.delete(map.keys().next().value as string);
      map.set(key, value);
      return true;
    },
  };
}

/** A decoded page request. */
export interface PageRequest {
  command: string;
  args: CommandArgs;
  page: number;
}

const cursorSchema = z.object({
  command: z.string().regex(/^[a-z0-9-]{1,32}$/),
  args: z.record(z.string().regex(/^[a-z0-9_-]{1,32}$/), z.union([z.string().max(200), z.number()])),
});

const CURSOR_TTL_MS = 30 * 24 * 3600 * 1000;

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Encodes and decodes page buttons. */
export class PageCodec {
  constructor(private readonly store: CursorStore = memoryCursorStore()) {}

  /** callback_data for a page of the paginated command (inline when it fits, else a stored cursor). */
  async encode(p: Pick<ReplyPagination, 'command' | 'args'>, page: number): Promise<string> {
    return (await this.encoder(p))(page);
  }

  /** An encoder for every page of one cursor (stores the cursor at most once). */
  private async encoder(p: Pick<ReplyPagination, 'command' | 'args'>): Promise<(page: number) => string> {
    const query = new URLSearchParams(Object.entries(p.args).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const inline = (page: number): string => `p|${underscoreName(p.command)}|${page}|${query}`;
    if (bytes(inline(9999)) <= CALLBACK_DATA_LIMIT) return inline;
    const key = await this.cursorKey(p);
    return (page) => `k|${key}|${page}`;
  }

  /** The page request a button stands for, or null for junk, expired cursors or the no-op label. */
  async decode(data: string): Promise<PageRequest | null> {
    if (bytes(data) > CALLBACK_DATA_LIMIT) return null;
    const inline = /^p\|([a-z0-9_]{1,32})\|(\d{1,4})\|(.*)$/.exec(data);
    if (inline) {
      const args: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(inline[3]!)) args[k] = v;
      const parsed = cursorSchema.safeParse({ command: canonicalName(inline[1]!), args });
      return parsed.success ? { ...parsed.data, page: Number(inline[2]) } : null;
    }
    const stored = /^k\|([A-Za-z0-9_-]{8,16})\|(\d{1,4})$/.exec(data);
    if (stored) {
      const parsed = cursorSchema.safeParse(await this.store.get(`cursor:${stored[1]}`));
      return parsed.success ? { ...parsed.data, page: Number(stored[2]) } : null;
    }
    return null;
  }

  /** The ‹ Prev · Page x/y · Next › row for a paged reply, or undefined for a single page. */
  async keyboard(p: ReplyPagination | undefined): Promise<InlineKeyboard | undefined> {
    if (!p || p.pageCount <= 1) return undefined;
    const data = await this.encoder(p);
    const row: InlineButton[] = [];
    if (p.page > 1) row.push({ text: '‹ Prev', callback_data: data(p.page - 1) });
    row.push({ text: `Page ${p.page}/${p.pageCount}`, callback_data: NOOP_DATA });
    if (p.page < p.pageCount) row.push({ text: 'Next ›', callback_data: data(p.page + 1) });
    return { inline_keyboard: [row] };
  }

  private async cursorKey(p: Pick<ReplyPagination, 'command' | 'args'>): Promise<string> {
    const key = randomBytes(8).toString('base64url');
    await this.store.set(`cursor:${key}`, { command: p.command, args: p.args }, CURSOR_TTL_MS);
    return key;
  }
}
