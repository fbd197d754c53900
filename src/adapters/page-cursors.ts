/**
 * The one page-cursor store and the one rule for page buttons, shared by the Discord and Telegram
 * adapters. The rule, chosen on purpose:
 *  - only the person who ran the command may page its answer (a press edits the shared message in
 *    place, so a bystander's press would change what everyone sees; they are told to run the
 *    command themselves) — when a command was posted on behalf of a chat (an anonymous admin or a
 *    channel) the poster is unknown and anyone there may page;
 *  - buttons work for one hour after the answer, or the page a press showed, was shown (a press
 *    re-runs the command, so an older answer gains nothing from a longer life, while every stored
 *    cursor costs a row): the store expires cursors after the same hour, and presses are checked
 *    against the issue time too.
 * Cursors live in one key-value namespace (`page-cursors`) of the shared store; the custom_id or
 * callback_data carries only a short random key when the cursor does not fit inline.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** How long page buttons keep working after the answer was shown. */
export const PAGE_CURSOR_TTL_MS = 60 * 60 * 1000;

/** The key-value namespace the cursors (and Telegram chat migrations) live in. */
export const PAGE_CURSOR_NAMESPACE = 'page-cursors';

/** Where stored cursors live: a Keyv namespace in production, a Map in tests. */
export interface PageCursorStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
}

/** The part of the app's store handle this needs. */
export interface NamespacedStore {
  namespace<T = unknown>(name: string): { get(key: string): Promise<T | undefined>; set(key: string, value: T, ttlMs?: number): Promise<unknown> };
}

/** The shared page-cursor namespace of a store handle. */
export function pageCursorStore(store: NamespacedStore): PageCursorStore {
  const kv = store.namespace<unknown>(PAGE_CURSOR_NAMESPACE);
  return { get: (k) => kv.get(k), set: (k, v, ttl) => kv.set(k, v, ttl) };
}

/** A bounded in-memory store (no expiry of its own; presses are still checked against issuedAt). */
export function memoryPageCursorStore(max = 10_000): PageCursorStore {
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

/** A stored cursor: the command and args to re-run, who may press, when it was issued. */
export const pageCursorSchema = z.object({
  command: z.string().regex(/^[a-z0-9_-]{1,32}$/),
  args: z.record(z.string().max(100), z.string().max(1000)),
  /** The user who ran the command; absent when it was posted on behalf of a chat. */
  userId: z.string().regex(/^-?\d{1,25}$/).optional(),
  /** When the buttons were issued (ms since the epoch). */
  issuedAt: z.number().int().nonnegative(),
  pageCount: z.number().int().positive().optional(),
});
export type PageCursor = z.infer<typeof pageCursorSchema>;

/** Stores a cursor for the page-button lifetime (a shorter `ttlMs` only in tests) and returns its key (11 url-safe characters). */
export async function saveCursor(store: PageCursorStore, cursor: PageCursor, ttlMs = PAGE_CURSOR_TTL_MS): Promise<string> {
  const key = randomBytes(8).toString('base64url');
  await store.set(`cursor:${key}`, cursor, ttlMs);
  return key;
}

/** The cursor stored under `key`, or undefined when it expired, was forgotten or is malformed. */
export async function loadCursor(store: PageCursorStore | undefined, key: string): Promise<PageCursor | undefined> {
  if (!store || !/^[A-Za-z0-9_-]{8,22}$/.test(key)) return undefined;
  const parsed = pageCursorSchema.safeParse(await store.get(`cursor:${key}`));
  return parsed.success ? parsed.data : undefined;
}

/** Why a page press is refused under the rule above, or undefined when it may proceed. */
export function refusePress(
  cursor: { command: string; userId?: string | undefined; issuedAt: Date },
  presserId: string,
  now: Date,
  opts: { ttlMs?: number; commandMention?: string } = {},
): string | undefined {
  const commandMention = opts.commandMention ?? `/${cursor.command}`;
  if (cursor.userId !== undefined && cursor.userId !== presserId) {
    return `These page buttons belong to the person who ran ${commandMention}. Run ${commandMention} yourself to browse the pages.`;
  }
  if (now.getTime() - cursor.issuedAt.getTime() > (opts.ttlMs ?? PAGE_CURSOR_TTL_MS)) {
    return `These page buttons have expired. Run ${commandMention} again to get a fresh answer.`;
  }
  return undefined;
}
