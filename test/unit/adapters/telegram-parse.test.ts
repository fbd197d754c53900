import { describe, expect, it } from 'vitest';
import { commandLine, readUpdate } from '../../../src/adapters/telegram/parse.js';
import { parseCommandLine } from '../../../src/core/args.js';
import { findBotCommands, parseEntities } from '../../fakes/telegram-entities.js';

/** A message as Telegram would deliver it, with its entities parsed the way Telegram does. */
function msg(text: string) {
  return { text, entities: parseEntities(text) };
}

describe('fake Telegram entity parsing (mirrors the real server)', () => {
  it('marks only /china of /china-blockchain, and /cmd@bot as one entity', () => {
    expect(findBotCommands('/china-blockchain fujian')).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(findBotCommands('/city_rank@chainbrief_bot top 5')).toEqual([{ type: 'bot_command', offset: 0, length: 25 }]);
    expect(findBotCommands('see /help or /about')).toEqual([
      { type: 'bot_command', offset: 4, length: 5 },
      { type: 'bot_command', offset: 13, length: 6 },
    ]);
    expect(findBotCommands('a/b http://x.test/path 1/2')).toEqual([]);
    expect(findBotCommands('/')).toEqual([]);
  });

  it('counts offsets in UTF-16 units and finds mentions and urls', () => {
    const e = parseEntities('🚀 /help @someone https://x.test/a');
    expect(e.map((x) => [x.type, x.offset, x.length])).toEqual([
      ['bot_command', 3, 5],
      ['mention', 9, 8],
      ['url', 18, 16],
    ]);
  });
});

describe('commandLine', () => {
  it('passes the hyphenated form whole, so the core reads /china-blockchain', () => {
    const line = commandLine(msg('/china-blockchain fujian'));
    expect(line).toBe('/china-blockchain fujian');
    expect(parseCommandLine(line!, { botUsername: 'chainbrief_bot' })).toMatchObject({ command: 'china-blockchain', tokens: ['fujian'] });
  });

  it('keeps /cmd@bot so the core can ignore other bots', () => {
    expect(parseCommandLine(commandLine(msg('/city_rank@chainbrief_bot top 5'))!, { botUsername: 'chainbrief_bot' })).toMatchObject({ command: 'city-rank' });
    expect(parseCommandLine(commandLine(msg('/city_rank@other_bot'))!, { botUsername: 'chainbrief_bot' })).toBeNull();
    expect(parseCommandLine(commandLine(msg('/china-blockchain@chainbrief_bot'))!, { botUsername: 'chainbrief_bot' })).toMatchObject({ command: 'china-blockchain' });
  });

  it('ignores messages that do not start with a command', () => {
    expect(commandLine(msg('please run /help'))).toBeNull();
    expect(commandLine(msg('hello'))).toBeNull();
    expect(commandLine({ text: undefined })).toBeNull();
    expect(commandLine(msg('/'))).toBeNull();
    expect(commandLine(msg('/a/b'))).toBeNull();
  });

  it('accepts a leading command without entities (some clients, channel posts)', () => {
    expect(commandLine({ text: '/help' })).toBe('/help');
  });
});

describe('readUpdate', () => {
  it('reads messages, channel posts and callback queries, and ignores the rest', () => {
    const chat = { id: 1, type: 'private' };
    expect(readUpdate({ update_id: 1, message: { message_id: 1, chat, text: '/x' } }).kind).toBe('message');
    expect(readUpdate({ update_id: 1, channel_post: { message_id: 1, chat: { id: -1, type: 'channel' }, text: '/x' } }).kind).toBe('message');
    expect(readUpdate({ update_id: 1, callback_query: { id: 'q', from: { id: 1 }, data: 'nop' } }).kind).toBe('callback');
    expect(readUpdate({ update_id: 1, edited_message: { message_id: 1, chat } }).kind).toBe('ignored');
    expect(readUpdate({ update_id: 1, message: { chat: 'not a chat' } }).kind).toBe('ignored');
    expect(readUpdate(null).kind).toBe('ignored');
  });
});
