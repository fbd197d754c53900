/**
 * Page buttons. When it fits, the button's custom_id (≤ 100 chars) carries the command, its args,
 * the target page, the user who may press it and when it was issued — no server-side state.
 * When it does not (long or non-Latin arguments), the cursor is stored in the adapter's key-value
 * store and the custom_id carries only a short random key (like the Telegram adapter's `k|` form).
 * custom_ids come back from clients, so they are parsed strictly and treated as untrusted.
 */
import type { ReplyPagination } from '../../core/reply.js';
import { loadCursor, PAGE_CURSOR_TTL_MS, saveCursor, type PageCursorStore } from '../page-cursors.js';

export { refusePress, type PageCursorStore } from '../page-cursors.js';

/** Discord's custom_id limit. */
export const MAX_CUSTOM_ID = 100;
/** Prefix (with format version) of every stateless page-button custom_id. */
export const PAGE_PREFIX = 'cb1';
/** Prefix of page-button custom_ids that carry the key of a stored cursor. */
export const STORED_PREFIX = 'cbk';
/** How long page buttons keep working after the answer was shown (the shared rule, page-cursors.ts). */
export const DEFAULT_PAGE_TTL_MS = PAGE_CURSOR_TTL_MS;

/** What a page button asks for. */
export interface PageRequest {
  /** `p` previous, `n` next, `i` the (disabled) page indicator. */
  tag: 'p' | 'n' | 'i';
  command: string;
  args: Record<string, string>;
  page: number;
  /** The only user whose presses are honoured (always set for Discord's own buttons). */
  userId?: string;
  /** When the buttons were issued. */
  issuedAt: Date;
}

const MINUTE = 60_000;

function userTo36(id: string | undefined): string {
  return id && /^\d{1,20}$/.test(id) ? BigInt(id).toString(36) : '';
}

function userFrom36(s: string): string | undefined {
  if (!/^[0-9a-z]{1,13}$/.test(s)) return undefined;
  let n = 0n;
  for (const ch of s) n = n * 36n + BigInt(parseInt(ch, 36));
  return n.toString();
}

/** Encodes a page request, or returns undefined when it cannot fit in 100 characters. */
export function encodePageId(req: PageRequest): string | undefined {
  const user = userTo36(req.userId);
  if (!user) return undefined;
  const args = Object.entries(req.args)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const minutes = Math.floor(req.issuedAt.getTime() / MINUTE).toString(36);
  const id = [PAGE_PREFIX, req.tag, String(req.page), user, minutes, req.command, args].join('|');
  return id.length <= MAX_CUSTOM_ID ? id : undefined;
}

/** Decodes a custom_id made by encodePageId; undefined for anything else (old formats, tampering). */
export function decodePageId(id: string): PageRequest | undefined {
  const parts = id.split('|');
  if (parts.length !== 7 || parts[0] !== PAGE_PREFIX) return undefined;
  const [, tag, pageText, user, minutes, command, argText] = parts as [string, string, string, string, string, string, string];
  if (tag !== 'p' && tag !== 'n' && tag !== 'i') return undefined;
  if (!/^\d{1,4}$/.test(pageText) || !/^[0-9a-z]{1,10}$/.test(minutes) || !/^[a-z0-9_-]{1,32}$/.test(command)) return undefined;
  const userId = userFrom36(user);
  if (!userId) return undefined;
  const args: Record<string, string> = {};
  try {
    for (const pair of argText ? argText.split('&') : []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) return undefined;
      args[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
    }
  } catch {
    return undefined;
  }
  return { tag, command, args, page: Number(pageText), userId, issuedAt: new Date(parseInt(minutes, 36) * MINUTE) };
}

/** A Discord button component as sent in the API (type 2). */
export interface ButtonJson {
  type: 2;
  style: 1 | 2;
  label: string;
  custom_id: string;
  disabled: boolean;
}

/** An action row (type 1) of buttons. */
export interface ActionRowJson {
  type: 1;
  components: ButtonJson[];
}

/** The ◀ page/count ▶ row for `page` of `pageCount`, given the custom_id of each button. */
function buttonRow(page: number, pageCount: number, ids: { prev: string; ind: string; next: string }): ActionRowJson {
  return {
    type: 1,
    components: [
      { type: 2, style: 2, label: '◀ Previous', custom_id: ids.prev, disabled: page <= 1 },
      { type: 2, style: 2, label: `Page ${page}/${pageCount}`, custom_id: ids.ind, disabled: true },
      { type: 2, style: 1, label: 'Next ▶', custom_id: ids.next, disabled: page >= pageCount },
    ],
  };
}

function stringArgs(p: ReplyPagination): Record<string, string> {
  return Object.fromEntries(Object.entries(p.args).map(([k, v]) => [k, String(v)]));
}

/**
 * The stateless ◀ page/count ▶ row for a paged reply, or undefined when there is only one page or
 * the ids would not fit (pageRow then stores the cursor instead).
 */
export function pageButtons(p: ReplyPagination, userId: string, issuedAt: Date): ActionRowJson | undefined {
  if (p.pageCount <= 1) return undefined;
  const base = { command: p.command, args: stringArgs(p), userId, issuedAt };
  const prev = encodePageId({ ...base, tag: 'p', page: Math.max(1, p.page - 1) });
  const ind = encodePageId({ ...base, tag: 'i', page: p.page });
  const next = encodePageId({ ...base, tag: 'n', page: Math.min(p.pageCount, p.page + 1) });
  if (!prev || !ind || !next) return undefined;
  return buttonRow(p.page, p.pageCount, { prev, ind, next });
}

const STORED_ID = /^cbk\|([pni])\|([A-Za-z0-9_-]{11,22})\|(\d{1,4})$/;

/** A stored-cursor custom_id (always well under 100 characters). */
export function encodeStoredId(tag: PageRequest['tag'], key: string, page: number): string {
  return [STORED_PREFIX, tag, key, String(page)].join('|');
}

/**
 * The ◀ page/count ▶ row for a paged reply: stateless when the ids fit, otherwise bound to a
 * cursor stored for `ttlMs` (the store's own expiry; presses are also checked against issuedAt).
 * Undefined for a single page, or when the ids do not fit and there is no store.
 */
export async function pageRow(
  p: ReplyPagination,
  owner: { userId: string; issuedAt: Date },
  store: PageCursorStore | undefined,
  ttlMs = DEFAULT_PAGE_TTL_MS,
): Promise<ActionRowJson | undefined> {
  if (p.pageCount <= 1) return undefined;
  const stateless = pageButtons(p, owner.userId, owner.issuedAt);
  if (stateless || !store) return stateless;
  const cursor = { command: p.command, args: stringArgs(p), userId: owner.userId, issuedAt: owner.issuedAt.getTime(), pageCount: p.pageCount };
  const key = await saveCursor(store, cursor, ttlMs);
  return buttonRow(p.page, p.pageCount, {
    prev: encodeStoredId('p', key, Math.max(1, p.page - 1)),
    ind: encodeStoredId('i', key, p.page),
    next: encodeStoredId('n', key, Math.min(p.pageCount, p.page + 1)),
  });
}

/**
 * What a pressed custom_id stands for: the page request, `'gone'` for a stored cursor that is no
 * longer in the store (expired or forgotten), or undefined for anything we did not make.
 */
export async function resolvePageId(id: string, store: PageCursorStore | undefined): Promise<PageRequest | 'gone' | undefined> {
  const m = STORED_ID.exec(id);
  if (!m) return decodePageId(id);
  const c = await loadCursor(store, m[2]!);
  if (!c) return 'gone';
  const page = Math.max(1, Math.min(Number(m[3]), c.pageCount ?? 9999));
  const req: PageRequest = { tag: m[1] as PageRequest['tag'], command: c.command, args: c.args, page, issuedAt: new Date(c.issuedAt) };
  if (c.userId !== undefined) req.userId = c.userId;
  return req;
}
