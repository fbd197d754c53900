/**
 * Inline-keyboard pagination. Telegram caps callback_data at 64 bytes, so a page button carries the
 * command, args, owner and issue time inline when they fit, and otherwise the short key of a cursor
 * in the shared page-cursor store. Presses follow the one rule of page-cursors.ts (the person who
 * ran the command, for one hour). Callback data comes back from clients: parsed strictly, untrusted.
 */
import { canonicalName, underscoreName } from '../../core/command.js';
import type { ReplyPagination } from '../../core/reply.js';
import { loadCursor, memoryPageCursorStore, pageCursorSchema, saveCursor, type PageCursorStore } from '../page-cursors.js';

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

/** Who may press a reply's page buttons and since when (no userId: anyone in the chat). */
export interface PageOwner {
  userId?: string | undefined;
  issuedAt: Date;
}

/** A decoded page request. */
export interface PageRequest {
  command: string;
  args: Record<string, string>;
  page: number;
  /** Only this user's presses are honoured; undefined when anyone may page. */
  userId?: string;
  issuedAt: Date;
}

const MINUTE = 60_000;
const INLINE = /^q\|([a-z0-9_]{1,32})\|(\d{1,4})\|([0-9a-z]{0,13})\|([0-9a-z]{1,10})\|(.*)$/;
const STORED = /^k\|([A-Za-z0-9_-]{8,16})\|(\d{1,4})$/;

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function userTo36(id: string | undefined): string | undefined {
  if (id === undefined) return '';
  return /^\d{1,20}$/.test(id) ? BigInt(id).toString(36) : undefined;
}

function userFrom36(s: string): string | undefined {
  if (!s) return undefined;
  let n = 0n;
  for (const ch of s) n = n * 36n + BigInt(parseInt(ch, 36));
  return n.toString();
}

/** Encodes and decodes page buttons. */
export class PageCodec {
  constructor(private readonly store: PageCursorStore = memoryPageCursorStore()) {}

  /** callback_data for a page of the paginated command (inline when it fits, else a stored cursor). */
  async encode(p: Pick<ReplyPagination, 'command' | 'args'>, page: number, owner: PageOwner): Promise<string> {
    return (await this.encoder(p, owner))(page);
  }

  /** An encoder for every page of one cursor (stores the cursor at most once). */
  private async encoder(p: Pick<ReplyPagination, 'command' | 'args'>, owner: PageOwner): Promise<(page: number) => string> {
    const args = Object.fromEntries(Object.entries(p.args).map(([k, v]): [string, string] => [k, String(v)]));
    const query = new URLSearchParams(Object.entries(args)).toString();
    const user = userTo36(owner.userId);
    const minutes = Math.floor(owner.issuedAt.getTime() / MINUTE).toString(36);
    const inline = (page: number): string => `q|${underscoreName(p.command)}|${page}|${user}|${minutes}|${query}`;
    if (user !== undefined && bytes(inline(9999)) <= CALLBACK_DATA_LIMIT) return inline;
    const cursor = { command: p.command, args, issuedAt: owner.issuedAt.getTime(), ...(owner.userId !== undefined ? { userId: owner.userId } : {}) };
    const key = await saveCursor(this.store, cursor);
    return (page) => `k|${key}|${page}`;
  }

  /** The page request a button stands for, or null for junk, expired cursors or the no-op label. */
  async decode(data: string): Promise<PageRequest | null> {
    if (bytes(data) > CALLBACK_DATA_LIMIT) return null;
    const inline = INLINE.exec(data);
    if (inline) {
      const args: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(inline[5]!)) args[k] = v;
      const userId = userFrom36(inline[3]!);
      const parsed = pageCursorSchema.safeParse({ command: canonicalName(inline[1]!), args, issuedAt: parseInt(inline[4]!, 36) * MINUTE, ...(userId ? { userId } : {}) });
      if (!parsed.success || Object.keys(args).some((k) => !/^[a-z0-9_-]{1,32}$/.test(k))) return null;
      return request(parsed.data, Number(inline[2]));
    }
    const stored = STORED.exec(data);
    if (stored) {
      const c = await loadCursor(this.store, stored[1]!);
      return c ? request(c, Number(stored[2])) : null;
    }
    return null;
  }

  /** The ‹ Prev · Page x/y · Next › row for a paged reply, or undefined for a single page. */
  async keyboard(p: ReplyPagination | undefined, owner: PageOwner): Promise<InlineKeyboard | undefined> {
    if (!p || p.pageCount <= 1) return undefined;
    const data = await this.encoder(p, owner);
    const row: InlineButton[] = [];
    if (p.page > 1) row.push({ text: '‹ Prev', callback_data: data(p.page - 1) });
    row.push({ text: `Page ${p.page}/${p.pageCount}`, callback_data: NOOP_DATA });
    if (p.page < p.pageCount) row.push({ text: 'Next ›', callback_data: data(p.page + 1) });
    return { inline_keyboard: [row] };
  }
}

function request(c: { command: string; args: Record<string, string>; userId?: string | undefined; issuedAt: number }, page: number): PageRequest {
  const req: PageRequest = { command: c.command, args: c.args, page, issuedAt: new Date(c.issuedAt) };
  if (c.userId !== undefined) req.userId = c.userId;
  return req;
}
