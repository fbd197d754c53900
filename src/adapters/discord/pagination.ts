/**
 * Stateless page buttons: the button's custom_id (≤ 100 chars) carries the command, its args,
 * the target page, the user who may press it and when it was issued — no server-side state.
 */
import type { ReplyPagination } from '../../core/reply.js';

/** Discord's custom_id limit. */
export const MAX_CUSTOM_ID = 100;
/** Prefix (with format version) of every page-button custom_id. */
export const PAGE_PREFIX = 'cb1';
/** How long page buttons keep working after the answer was shown. */
export const DEFAULT_PAGE_TTL_MS = 60 * 60 * 1000;

/** What a page button asks for. */
export interface PageRequest {
  /** `p` previous, `n` next, `i` the (disabled) page indicator. */
  tag: 'p' | 'n' | 'i';
  command: string;
  args: Record<string, string>;
  page: number;
  /** The only user whose presses are honoured. */
  userId: string;
  /** When the buttons were issued. */
  issuedAt: Date;
}

const MINUTE = 60_000;

function userTo36(id: string): string {
  return /^\d{1,20}$/.test(id) ? BigInt(id).toString(36) : '';
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

/**
 * Builds the ◀ page/count ▶ row for a paged reply, or undefined when there is only one page or
 * the ids would not fit (the footer then tells the user the answer has more pages).
 */
export function pageButtons(p: ReplyPagination, userId: string, issuedAt: Date): ActionRowJson | undefined {
  if (p.pageCount <= 1) return undefined;
  const args = Object.fromEntries(Object.entries(p.args).map(([k, v]) => [k, String(v)]));
  const base = { command: p.command, args, userId, issuedAt };
  const prev = encodePageId({ ...base, tag: 'p', page: Math.max(1, p.page - 1) });
  const ind = encodePageId({ ...base, tag: 'i', page: p.page });
  const next = encodePageId({ ...base, tag: 'n', page: Math.min(p.pageCount, p.page + 1) });
  if (!prev || !ind || !next) return undefined;
  return {
    type: 1,
    components: [
      { type: 2, style: 2, label: '◀ Previous', custom_id: prev, disabled: p.page <= 1 },
      { type: 2, style: 2, label: `Page ${p.page}/${p.pageCount}`, custom_id: ind, disabled: true },
      { type: 2, style: 1, label: 'Next ▶', custom_id: next, disabled: p.page >= p.pageCount },
    ],
  };
}

/** Why a page press is refused, or undefined when it may proceed. */
export function refusePress(req: PageRequest, presserId: string, now: Date, ttlMs = DEFAULT_PAGE_TTL_MS): string | undefined {
  if (req.userId !== presserId) {
    return `These page buttons belong to the person who ran /${req.command}. Run /${req.command} yourself to browse the pages.`;
  }
  if (now.getTime() - req.issuedAt.getTime() > ttlMs) {
    return `These page buttons have expired. Run /${req.command} again to get a fresh answer.`;
  }
  return undefined;
}
