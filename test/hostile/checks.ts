/**
 * What every hostile case asserts about a reply: a clear message (never the internal-error
 * apology), and nothing unescaped or pinging on any renderer — console, Discord and Telegram.
 */
import { expect } from 'vitest';
import { renderPlain } from '../../src/adapters/console/render.js';
import { renderReply as renderDiscord } from '../../src/adapters/discord/render.js';
import { renderReply as renderTelegram } from '../../src/adapters/telegram/render.js';
import type { Reply } from '../../src/core/reply.js';
import { limitProblems, viewMessage, type MessageBody } from '../fakes/discord-view.js';
import { parseTelegramHtml } from '../fakes/telegram-html.js';

/** Bytes that must never reach a terminal: C0 controls other than newline, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex
export const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** Bidi controls that make text read differently from what it is. */
export const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
/** A Telegram @username mention (5–32 characters) that would notify that user. */
export const TELEGRAM_MENTION = /(?:^|[^\w/@.])@[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_])/;

/** Every string inside a JSON-like value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The reply is a clear answer or a clear refusal, never an internal failure. */
export function expectClearMessage(reply: Reply | null, what: string): asserts reply is Reply {
  expect(reply, what).not.toBeNull();
  const r = reply!;
  expect(`${r.title ?? ''}${r.text ?? ''}`.trim().length, `${what}: empty reply`).toBeGreaterThan(0);
  expect(r.title, `${what}: internal error`).not.toBe('Something went wrong');
}

/** Console: no control byte or escape sequence, no bidi override. */
export function expectSafeConsole(reply: Reply, what: string): string {
  const text = renderPlain(reply);
  expect(text, `${what}: console`).not.toMatch(TERMINAL_UNSAFE);
  expect(text, `${what}: console bidi`).not.toMatch(BIDI);
  return text;
}

/** Discord: within limits, no mass/role/user mention, mentions disabled, no controls. */
export function expectSafeDiscord(reply: Reply, what: string): MessageBody[] {
  const messages = renderDiscord(reply, { pageOwner: { userId: '200000000000000001', issuedAt: new Date('2025-03-01T00:00:00Z') } });
  expect(messages.length, what).toBeGreaterThan(0);
  for (const m of messages) {
    expect(limitProblems(m), `${what}: discord limits`).toEqual([]);
    expect(m.allowed_mentions, `${what}: allowed_mentions`).toEqual({ parse: [] });
    for (const s of strings({ content: m.content, embeds: m.embeds })) {
      expect(s, `${what}: discord mass mention`).not.toMatch(/@(everyone|here)/i);
      expect(s, `${what}: discord mention`).not.toMatch(/(?<!\\)<[@#]/);
      expect(s, `${what}: discord controls`).not.toMatch(TERMINAL_UNSAFE);
      expect(s, `${what}: discord bidi`).not.toMatch(BIDI);
    }
    expect(viewMessage(m).links.every((l) => /^https?:\/\//.test(l)), `${what}: discord links`).toBe(true);
  }
  return messages;
}

/** Telegram: valid HTML (only Telegram's tags, all escaped), within 4096, http(s) links only, no mentions. */
export function expectSafeTelegram(reply: Reply, what: string): string[] {
  const chunks = renderTelegram(reply);
  expect(chunks.length, what).toBeGreaterThan(0);
  for (const html of chunks) {
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.length, `${what}: telegram length`).toBeLessThanOrEqual(4096);
    expect(parsed.text, `${what}: telegram controls`).not.toMatch(TERMINAL_UNSAFE);
    expect(parsed.text, `${what}: telegram bidi`).not.toMatch(BIDI);
    expect(parsed.text, `${what}: telegram mention`).not.toMatch(TELEGRAM_MENTION);
    expect(parsed.links.every((l) => /^https?:\/\//.test(l)), `${what}: telegram links`).toBe(true);
  }
  return chunks;
}

/** All of the above for one reply. */
export function expectSafeEverywhere(reply: Reply | null, what: string): Reply {
  expectClearMessage(reply, what);
  expectSafeConsole(reply, what);
  expectSafeDiscord(reply, what);
  expectSafeTelegram(reply, what);
  return reply;
}
