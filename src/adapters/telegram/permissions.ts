/**
 * Who is a moderator on Telegram: chat creators and administrators (asked with getChatMember and
 * cached briefly), anonymous group admins (the message's sender_chat is the group itself), channel
 * posters (only admins can post), and the user of a private chat, who owns it.
 */
import type { Logger } from '../../core/logger.js';

/** What the check needs to know about a message or button press. */
export interface SenderInfo {
  chat: { id: number; type: string };
  /** The user, when the sender is a person. */
  userId?: number | undefined;
  /** The chat the message was sent on behalf of (anonymous admins, channels). */
  senderChatId?: number | undefined;
}

/** Looks up one member's status in a chat. */
export type MemberStatusLookup = (chatId: number, userId: number) => Promise<string>;

export interface ModeratorCheckOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

/** Caches getChatMember answers for a short time so a busy group costs one call per user per minute. */
export class ModeratorCheck {
  private readonly cache = new Map<string, { value: boolean; expires: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(
    private readonly lookup: MemberStatusLookup,
    private readonly opts: ModeratorCheckOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.max = opts.maxEntries ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /** Whether the sender may run moderator commands in this chat. Lookup failures count as "no". */
  async isModerator(s: SenderInfo): Promise<boolean> {
    if (s.chat.type === 'private') return true;
    if (s.chat.type === 'channel') return s.senderChatId === s.chat.id || s.senderChatId === undefined;
    if (s.senderChatId !== undefined) return s.senderChatId === s.chat.id;
    if (s.userId === undefined) return false;
    const key = `${s.chat.id}:${s.userId}`;
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && hit.expires > now) return hit.value;
    try {
      const status = await this.lookup(s.chat.id, s.userId);
      const value = status === 'creator' || status === 'administrator';
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.delete(key);
      this.cache.set(key, { value, expires: now + this.ttlMs });
      return value;
    } catch (err) {
      this.opts.logger?.warn({ err, chatId: s.chat.id }, 'telegram: getChatMember failed; treating sender as a member');
      return false;
    }
  }

  /** Drops cached answers for a chat (e.g. after an admin change). */
  forgetChat(chatId: number): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${chatId}:`)) this.cache.delete(key);
  }
}
