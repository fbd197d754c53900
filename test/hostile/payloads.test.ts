/**
 * Hostile platform payloads: malformed or unusual Telegram updates through the real telegraf bot
 * and Discord interactions through the real discord.js client, both against the local fakes. The
 * bot must answer what it can (valid HTML / within Discord's limits, mentions off) and stay up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { BotCore } from '../../src/core/dispatch.js';
import type { Services } from '../../commands/services.js';
import { startHarness, type Harness } from '../fakes/discord-harness.js';
import { envelope } from '../fakes/discord-payloads.js';
import { snowflake } from '../fakes/discord-server.js';
import { limitProblems, viewMessage } from '../fakes/discord-view.js';
import { ALICE, PRIVATE_CHAT, startTelegramHarness, type TelegramHarness } from '../fakes/telegram-harness.js';
import { DISCORD_PAYLOADS, TELEGRAM_PAYLOADS } from './cases.js';
import { BIDI, TELEGRAM_MENTION, TERMINAL_UNSAFE } from './checks.js';

let core: BotCore<Services>;
let telegram: TelegramHarness;
let discord: Harness;

beforeAll(async () => {
  core = (await createApp()).core;
  telegram = await startTelegramHarness({ core });
  discord = await startHarness({ core });
}, 60_000);
afterAll(async () => {
  await telegram?.close();
  await discord?.close();
});

/** The bot still answers an ordinary command (it did not crash or wedge on the payload before). */
async function telegramStillAnswers(): Promise<void> {
  const sent = await telegram.say('/about');
  expect(sent.map((m) => m.text).join('\n')).toMatch(/chainbrief/);
}

describe('Telegram payloads', () => {
  it.each(TELEGRAM_PAYLOADS.map((p) => ({ ...p })))('$label', async ({ text, raw, silent }) => {
    const errorsBefore = telegram.fake.htmlErrors.length;
    const mark = telegram.fake.sent.length;
    if (text !== undefined) await telegram.say(text);
    else await telegram.fake.processed(telegram.fake.injectRaw(raw!(PRIVATE_CHAT.id, ALICE.id)));
    const sent = telegram.fake.sent.slice(mark);
    // Everything the bot sent passed the fake's strict Telegram HTML check and is safe to show.
    expect(telegram.fake.htmlErrors.slice(errorsBefore)).toEqual([]);
    for (const m of sent) {
      expect(m.text.trim().length).toBeGreaterThan(0);
      expect(m.text).not.toMatch(TERMINAL_UNSAFE);
      expect(m.text).not.toMatch(BIDI);
      expect(m.text).not.toMatch(TELEGRAM_MENTION);
      expect(m.text).not.toMatch(/Something went wrong/);
      expect(m.links.every((l) => /^https?:\/\//.test(l))).toBe(true);
    }
    // A command the bot was addressed with gets a clear answer; what is not for it gets none.
    if (text !== undefined) expect(sent.length > 0).toBe(!silent);
    await telegramStillAnswers();
  });
});

/** Builds the interaction for a Discord payload spec. */
function discordPayload(spec: (typeof DISCORD_PAYLOADS)[number]): { id: string; token: string } {
  if (spec.kind === 'button') {
    const base = envelope(discord.fake, 3, {});
    const message = { id: snowflake(), channel_id: discord.fake.channelId, type: 0, content: '', embeds: [], components: [], author: { id: discord.fake.applicationId, username: 'chainbrief', discriminator: '0', bot: true }, timestamp: new Date().toISOString(), attachments: [], mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, flags: 0 };
    return { ...base, message, data: { custom_id: spec.customId, component_type: 2 } } as unknown as { id: string; token: string };
  }
  const type = spec.kind === 'autocomplete' ? 4 : 2;
  const data = { id: snowflake(), name: spec.name, type: 1, ...(spec.options ? { options: spec.options } : {}) };
  return { ...envelope(discord.fake, type, {}), data } as unknown as { id: string; token: string };
}

describe('Discord payloads', () => {
  it.each(DISCORD_PAYLOADS.map((p) => ({ ...p })))('$label', async (spec) => {
    const { requests, messages } = await discord.interact(discordPayload(spec));
    // Every interaction gets an answer (a message, an update, or autocomplete choices).
    expect(requests.length).toBeGreaterThan(0);
    for (const m of messages) {
      expect(limitProblems(m)).toEqual([]);
      expect(m.allowed_mentions).toEqual({ parse: [] });
      const view = viewMessage(m);
      expect(view.text.trim().length).toBeGreaterThan(0);
      expect(view.text).not.toMatch(TERMINAL_UNSAFE);
      expect(view.text).not.toMatch(BIDI);
      expect(view.text).not.toMatch(/Something went wrong/);
      const raw = JSON.stringify({ content: m.content, embeds: m.embeds });
      expect(raw).not.toMatch(/@(everyone|here)/i);
      expect(raw).not.toMatch(/(?<!\\\\)<[@#]/);
    }
    if (spec.kind === 'autocomplete') {
      const choices = requests.flatMap((r) => ((r.body as { data?: { choices?: Array<{ name: string }> } })?.data?.choices ?? []).map((c) => c.name));
      for (const c of choices) expect(c).not.toMatch(TERMINAL_UNSAFE);
    }
    // The bot is still answering commands afterwards.
    const after = await discord.interact({ ...envelope(discord.fake, 2, {}), data: { id: snowflake(), name: 'about', type: 1 } } as unknown as { id: string; token: string });
    expect(after.messages.map((m) => viewMessage(m).text).join('\n')).toMatch(/chainbrief/);
  });
});
