/**
 * Paces outgoing messages at a platform's limits, in-process: a global rate (Telegram 30/s, Discord
 * 50/s, configurable) spread evenly over the second (a burst of 30 requests at once would reach the
 * server spread out by its own queueing and overlap the next second's window), at most one message
 * per second per chat and twenty per minute per group on Telegram. Command replies and pushes wait in two queues and replies always go first; within a
 * queue, the oldest waiter whose chat is free goes next (a busy chat never holds up the others).
 * A 429 backs off one conversation (or everything, for a global 429) for the server's retry_after.
 * Clock and timers are injected so tests can drive time.
 */
import type { ConversationRef } from '../core/conversation.js';
import type { Pacer } from '../core/push.js';

/** Limits one pacer enforces. */
export interface PacerLimits {
  /** Messages per second across all conversations. */
  globalPerSecond: number;
  /** Messages per second to one conversation (Telegram: 1); unlimited when absent. */
  perChatPerSecond?: number;
  /** Messages per minute to one group (Telegram: 20); unlimited when absent. */
  perGroupPerMinute?: number;
  /** Which conversations are groups (Telegram: negative chat ids). */
  isGroup?: (conversation: ConversationRef) => boolean;
  /**
   * Extra milliseconds added to every window, so requests that arrive a little out of step with
   * their grant (client and network jitter) still stay within the server's count (default 40 ms).
   */
  slackMs?: number;
}

/** Time as the pacer sees it. */
export interface PacerTimers {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

/** Real time. */
export const realTimers: PacerTimers = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
};

/** A pacer plus what tests and shutdown need. */
export interface RunningPacer extends Pacer {
  /** Waiters not yet granted. */
  readonly waiting: number;
}

interface Waiter {
  conversation: ConversationRef;
  grant: () => void;
}

/** A sliding window of the last `size` grant times. */
class Window {
  private readonly times: number[] = [];
  constructor(
    private readonly size: number,
    private readonly spanMs: number,
  ) {}

  /** When the next grant is allowed (≤ now when it is allowed already). */
  nextAt(): number {
    return this.times.length < this.size ? -Infinity : this.times[this.times.length - this.size]! + this.spanMs;
  }

  add(t: number): void {
    this.times.push(t);
    if (this.times.length > this.size * 2) this.times.splice(0, this.times.length - this.size);
  }

  /** True when every recorded grant is older than the window (the entry can be forgotten). */
  idle(now: number): boolean {
    return this.times.length === 0 || this.times[this.times.length - 1]! + this.spanMs <= now;
  }
}

/** Telegram chat ids below zero are groups, supergroups and channels. */
export function isTelegramGroup(conversation: ConversationRef): boolean {
  return /^telegram:-/.test(conversation);
}

/** Telegram's limits: `perSecond` overall (default 30), 1/s per chat, 20/min per group. */
export function telegramPacer(perSecond = 30, timers: PacerTimers = realTimers): RunningPacer {
  return createPacer({ globalPerSecond: perSecond, perChatPerSecond: 1, perGroupPerMinute: 20, isGroup: isTelegramGroup }, timers);
}

/** Discord's global limit, `perSecond` requests (default 50); per-route buckets stay with discord.js. */
export function discordPacer(perSecond = 50, timers: PacerTimers = realTimers): RunningPacer {
  return createPacer({ globalPerSecond: perSecond }, timers);
}

/** Creates a pacer with the given limits. */
export function createPacer(limits: PacerLimits, timers: PacerTimers = realTimers): RunningPacer {
  if (!(limits.globalPerSecond > 0)) throw new Error('pacer: globalPerSecond must be positive');
  const slack = limits.slackMs ?? 40;
  const global = new Window(Math.max(1, Math.floor(limits.globalPerSecond)), 1000 + slack);
  const globalGapMs = (1000 + slack) / limits.globalPerSecond;
  let lastGlobal = -Infinity;
  const perChat = new Map<ConversationRef, Window>();
  const perGroup = new Map<ConversationRef, Window>();
  const blockedUntil = new Map<ConversationRef, number>();
  let globalBlockedUntil = -Infinity;
  const replies: Waiter[] = [];
  const pushes: Waiter[] = [];
  let cancelTimer: (() => void) | undefined;
  let timerAt = Infinity;

  // A thread of a chat shares the chat's limits.
  const chatOf = (c: ConversationRef): ConversationRef => c.split('/')[0] as ConversationRef;

  function chatWindow(chat: ConversationRef): Window | undefined {
    if (!limits.perChatPerSecond) return undefined;
    let w = perChat.get(chat);
    if (!w) perChat.set(chat, (w = new Window(Math.max(1, Math.floor(limits.perChatPerSecond)), 1000 + slack)));
    return w;
  }

  function groupWindow(chat: ConversationRef): Window | undefined {
    if (!limits.perGroupPerMinute || !limits.isGroup?.(chat)) return undefined;
    let w = perGroup.get(chat);
    if (!w) perGroup.set(chat, (w = new Window(limits.perGroupPerMinute, 60_000 + slack)));
    return w;
  }

  /** When this conversation may next receive a message. */
  function readyAt(conversation: ConversationRef): number {
    const chat = chatOf(conversation);
    return Math.max(blockedUntil.get(chat) ?? -Infinity, chatWindow(chat)?.nextAt() ?? -Infinity, groupWindow(chat)?.nextAt() ?? -Infinity);
  }

  function forgetIdle(now: number): void {
    if (perChat.size + perGroup.size + blockedUntil.size < 10_000) return;
    for (const [k, w] of perChat) if (w.idle(now)) perChat.delete(k);
    for (const [k, w] of perGroup) if (w.idle(now)) perGroup.delete(k);
    for (const [k, t] of blockedUntil) if (t <= now) blockedUntil.delete(k);
  }

  function pump(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    timerAt = Infinity;
    let wakeAt = Infinity;
    for (;;) {
      const now = timers.now();
      const globalAt = Math.max(global.nextAt(), lastGlobal + globalGapMs, globalBlockedUntil);
      if (globalAt > now) {
        if (replies.length || pushes.length) wakeAt = Math.min(wakeAt, globalAt);
        break;
      }
      let granted = false;
      for (const queue of [replies, pushes]) {
        for (let i = 0; i < queue.length; i++) {
          const w = queue[i]!;
          const at = readyAt(w.conversation);
          if (at > now) {
            wakeAt = Math.min(wakeAt, at);
            continue;
          }
          queue.splice(i, 1);
          const chat = chatOf(w.conversation);
          global.add(now);
          // Stay on the even schedule when a timer fires a little late (no drift over a long fan-out),
          // without banking credit for idle time (no burst after a pause).
          lastGlobal = lastGlobal + globalGapMs >= now - globalGapMs / 2 ? lastGlobal + globalGapMs : now;
          chatWindow(chat)?.add(now);
          groupWindow(chat)?.add(now);
          w.grant();
          granted = true;
          break;
        }
        if (granted) break;
      }
      if (!granted) break;
      forgetIdle(now);
    }
    if (wakeAt < Infinity) {
      timerAt = wakeAt;
      cancelTimer = timers.schedule(pump, Math.max(0, wakeAt - timers.now()));
    }
  }

  return {
    get waiting() {
      return replies.length + pushes.length;
    },
    take(conversation, priority) {
      return new Promise<void>((resolve) => {
        (priority === 'reply' ? replies : pushes).push({ conversation, grant: resolve });
        pump();
      });
    },
    backOff(conversation, retryAfterMs) {
      const until = timers.now() + Math.max(0, retryAfterMs);
      if (conversation === undefined) globalBlockedUntil = Math.max(globalBlockedUntil, until);
      else {
        const chat = chatOf(conversation);
        blockedUntil.set(chat, Math.max(blockedUntil.get(chat) ?? -Infinity, until));
      }
      if (timerAt < until) pump();
    },
  };
}
