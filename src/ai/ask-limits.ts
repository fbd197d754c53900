/**
 * Spending limits of /ask, kept in the key-value store so every process shares them: a bot-wide
 * daily request budget (UTC days), a per-person cooldown and a pause after the AI service's 429.
 * The budget is a read-then-write counter: concurrent processes may overshoot it by a request or two.
 */
import type { Clock } from '../core/command.js';
import type { Asker } from './ask-service.js';

/** The part of a Keyv namespace these limits use (Keyv satisfies it). */
export interface KeyValue<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs?: number): Promise<unknown>;
}

const DAY_MS = 86_400_000;

/** Budget, cooldown and pause over one key-value namespace. */
export class AskLimits {
  constructor(
    private readonly kv: KeyValue<number>,
    private readonly opts: { dailyBudget: number; cooldownMs: number; clock: Clock },
  ) {}

  private now(): number {
    return this.opts.clock.now().getTime();
  }

  /** Takes one request from today's budget; false when it is spent. */
  async reserve(): Promise<boolean> {
    const key = `budget:${this.opts.clock.now().toISOString().slice(0, 10)}`;
    const used = (await this.kv.get(key)) ?? 0;
    if (used >= this.opts.dailyBudget) return false;
    await this.kv.set(key, used + 1, 2 * DAY_MS);
    return true;
  }

  /** Milliseconds until this person may use the model again (0 = now). */
  async cooldownLeft(asker: Asker): Promise<number> {
    const until = await this.kv.get(`cooldown:${asker.platform}:${asker.userId}`);
    return until ? Math.max(0, until - this.now()) : 0;
  }

  /** Starts this person's cooldown. */
  async startCooldown(asker: Asker): Promise<void> {
    if (this.opts.cooldownMs <= 0) return;
    await this.kv.set(`cooldown:${asker.platform}:${asker.userId}`, this.now() + this.opts.cooldownMs, this.opts.cooldownMs + 60_000);
  }

  /** Milliseconds the AI service asked everyone to wait (0 = not paused). */
  async pauseLeft(): Promise<number> {
    const until = await this.kv.get('pause');
    return until ? Math.max(0, until - this.now()) : 0;
  }

  /** Pauses model calls for `ms` (a 429's Retry-After). */
  async pause(ms: number): Promise<void> {
    if (ms > 0) await this.kv.set('pause', this.now() + ms, ms + 60_000);
  }
}

/** "45 s", "3 min", "2 h" — for retry hints. */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.ceil(s / 60);
  return m < 120 ? `${m} min` : `${Math.ceil(m / 60)} h`;
}
