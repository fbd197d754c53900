/**
 * The hostile-input corpus: every case the hostile suites run, in one place so they can be
 * counted (see count.test.ts). Texts are combined with every command, fed through real feeds and
 * sent as platform payloads.
 */

/** A named hostile text. */
export interface HostileText {
  label: string;
  value: string;
}

/** Hostile strings used as command arguments and as feed titles. */
export const HOSTILE_TEXTS: readonly HostileText[] = [
  { label: '10,000 characters', value: 'A'.repeat(10_000) },
  { label: '10,000 characters of words', value: 'China '.repeat(1667).slice(0, 10_000) },
  { label: 'NUL inside a word', value: 'Chi\u0000na' },
  { label: 'ANSI colour', value: '\u001b[31mChina\u001b[0m' },
  { label: 'OSC window title + clear screen', value: '\u001b]0;PWNED\u0007\u001b[2J\u001b[H' },
  { label: 'OSC 8 hyperlink', value: '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007' },
  { label: 'C1 CSI', value: '\u009b31mChina' },
  { label: 'BEL and backspaces', value: '\u0007\u0008\u0008China' },
  { label: 'carriage return overwrite', value: 'safe\rEVIL' },
  { label: 'vertical tab and form feed', value: 'Chi\u000bna\u000c' },
  { label: 'RTL override', value: '\u202eanihC' },
  { label: 'RTL isolate', value: '\u2067China\u2069' },
  { label: 'LRM/RLM marks', value: '\u200eChi\u200fna' },
  { label: 'zero-width space', value: 'Ch\u200bina' },
  { label: 'zero-width joiner and word joiner', value: 'C\u200dh\u2060ina' },
  { label: 'soft hyphen', value: 'Hang\u00adzhou' },
  { label: 'BOM', value: '\ufeffChina' },
  { label: 'lone surrogate', value: '\ud800China' },
  { label: 'full-width letters', value: 'Ｃｈｉｎａ' },
  { label: 'combining marks (zalgo)', value: `C${'\u0301\u0316'.repeat(40)}hina` },
  { label: 'line separator', value: 'China\u2028/sources' },
  { label: 'newline then another command', value: 'China\n/sources' },
  { label: 'tab', value: 'South\tKorea' },
  { label: 'unbalanced double quote', value: '"China' },
  { label: 'unbalanced single quote', value: "'South Korea" },
  { label: 'unbalanced curly quote', value: '“euro area' },
  { label: 'escaped quote', value: '"a\\"b' },
  { label: 'HTML and script', value: '<b>bold</b><script>alert(1)</script>' },
  { label: 'HTML entities', value: '&lt;b&gt; &amp; &#x1b; &#0;' },
  { label: 'Telegram HTML tags', value: '<a href="tg://user?id=1">x</a><tg-spoiler>y</tg-spoiler>' },
  { label: 'Markdown', value: '**bold** __u__ `code` ```block``` ||spoiler|| ~~s~~ > quote' },
  { label: 'masked link', value: '[click](https://evil.example)' },
  { label: 'javascript URL', value: 'javascript:alert(1)' },
  { label: '@everyone', value: '@everyone' },
  { label: '@here', value: 'hey @here look' },
  { label: 'role mention', value: '<@&123456789012345678>' },
  { label: 'user mention', value: '<@123456789012345678> <@!123456789012345678>' },
  { label: 'channel mention', value: '<#123456789012345678>' },
  { label: 'Telegram user mention', value: '@durov' },
  { label: 'negative number', value: '-5' },
  { label: 'huge number', value: '99999999999999999999999' },
  { label: 'fraction', value: '2.5' },
  { label: 'NaN and Infinity', value: 'NaN Infinity' },
  { label: 'hex number', value: '0x10' },
  { label: 'emoji', value: '🚀🔥 China' },
  { label: 'CJK', value: '数字人民币' },
  { label: 'SQL injection', value: "'; DROP TABLE stories; --" },
  { label: 'regex metacharacters', value: '.*+?^${}()|[]\\' },
  { label: 'path traversal', value: '../../etc/passwd' },
  { label: 'prototype keys', value: '__proto__ constructor prototype' },
  { label: 'format string', value: '%s%s%n%x' },
  { label: 'only spaces', value: '   ' },
];

/** Commands every hostile text is tried with (moderator commands included: the console user is one). */
export const TARGET_COMMANDS = ['china-blockchain', 'cbdc-status', 'city-rank', 'news', 'help', 'about', 'sources'] as const;

/** Whole command lines: options that do not exist, repeated, empty or out of range, and broken names. */
export const HOSTILE_LINES: readonly string[] = [
  '/city-rank top:0',
  '/city-rank top:26',
  '/city-rank top:-1',
  '/city-rank top:abc',
  '/city-rank top:',
  '/city-rank top:1e3',
  '/city-rank top:5 top:6',
  '/city-rank top 5 top 6',
  '/city-rank top',
  '/city-rank index:nonexistent',
  '/city-rank index:"<b>x</b>"',
  '/city-rank __proto__:1',
  '/city-rank constructor:x',
  '/city-rank toString:1',
  '/cbdc-status colour:red China',
  '/cbdc-status country:@everyone',
  '/cbdc-status country:',
  '/news count:1000',
  '/news count:0',
  '/news topic:<b>',
  '/news topic:cbdc topic:policy',
  '/news page:0',
  '/news page:abc',
  '/news page:9999999',
  '/cbdc-status China page:-1',
  '/cbdc-status China page:999999',
  '/help command:\u001b[2J',
  '/help nonexistent-command',
  '/about extra words',
  '/sources now please',
  '/',
  '//help',
  '/ help',
  '/\u001b]0;x\u0007',
  '/help@otherbot',
  `/${'a'.repeat(100)}`,
  '/CBDC_STATUS china',
  '/cbdc–status China',
];

/** Feed formats each hostile title is served in. */
export const FEED_FORMATS = ['json', 'rss'] as const;

/** The hostile feed fixtures and fake-server paths that must fail cleanly (counted, with a reason). */
export const HOSTILE_FEED_PATHS: readonly string[] = [
  '/billion-laughs.xml',
  '/xxe.xml',
  '/not-a-feed.html',
  '/invalid-utf8.xml',
  '/huge',
  '/huge-declared',
  '/never-ends',
  '/broken.xml',
  '/status/500',
  '/hostile-titles.rss.xml',
];

/** Telegram updates the bot must survive: each is a raw update body (update_id added by the fake). */
export const TELEGRAM_PAYLOADS: ReadonlyArray<{ label: string; text?: string; silent?: true; raw?: (chatId: number, userId: number) => Record<string, unknown> }> = [
  { label: 'unknown command', text: '/foo' },
  { label: 'unknown command with escapes and mentions', text: '/foo \u001b]0;x\u0007 @everyone @durov' },
  { label: 'escape glued to a name (not a command: ignored like chat)', text: '/foo\u001b]0;x\u0007', silent: true },
  { label: 'command for another bot', text: '/help@someotherbot', silent: true },
  { label: 'hyphenated form split by Telegram', text: '/china-blockchain fujian' },
  { label: 'HTML in arguments', text: '/cbdc_status <b>China</b>' },
  { label: 'mentions in arguments', text: '/cbdc_status @everyone <@&1> @durov' },
  { label: '10,000 characters', text: `/city_rank ${'x'.repeat(4000)}` },
  { label: 'controls in arguments', text: '/city_rank Hang\u00adzhou\u0000\u001b[2J' },
  { label: 'unknown option', text: '/city_rank colour:red' },
  { label: 'page out of range', text: '/cbdc_status China page:99' },
  { label: 'message without text (photo)', raw: (chat, user) => ({ message: { message_id: 9001, date: 0, chat: { id: chat, type: 'private' }, from: { id: user, is_bot: false, first_name: 'A' }, photo: [{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }] } }) },
  { label: 'text of the wrong type', raw: (chat, user) => ({ message: { message_id: 9002, date: 0, chat: { id: chat, type: 'private' }, from: { id: user, is_bot: false, first_name: 'A' }, text: 12345 } }) },
  { label: 'entities pointing outside the text', raw: (chat, user) => ({ message: { message_id: 9003, date: 0, chat: { id: chat, type: 'private' }, from: { id: user, is_bot: false, first_name: 'A' }, text: '/about', entities: [{ type: 'bot_command', offset: 50, length: 900 }] } }) },
  { label: 'chat id as a string', raw: (_chat, user) => ({ message: { message_id: 9004, date: 0, chat: { id: 'abc', type: 'private' }, from: { id: user, is_bot: false, first_name: 'A' }, text: '/about' } }) },
  { label: 'oversized callback data', raw: (chat, user) => ({ callback_query: { id: 'cq-big', from: { id: user, is_bot: false, first_name: 'A' }, chat_instance: 'ci', data: 'p:'.padEnd(300, 'x'), message: { message_id: 1, date: 0, chat: { id: chat, type: 'private' }, text: 'x' } } }) },
  { label: 'garbage callback data', raw: (chat, user) => ({ callback_query: { id: 'cq-garbage', from: { id: user, is_bot: false, first_name: 'A' }, chat_instance: 'ci', data: '\u001b[2J<b>@everyone', message: { message_id: 1, date: 0, chat: { id: chat, type: 'private' }, text: 'x' } } }) },
  { label: 'callback without message', raw: (_chat, user) => ({ callback_query: { id: 'cq-nomsg', from: { id: user, is_bot: false, first_name: 'A' }, chat_instance: 'ci', data: 'nop' } }) },
  { label: 'edited message', raw: (chat, user) => ({ edited_message: { message_id: 9005, date: 0, edit_date: 1, chat: { id: chat, type: 'private' }, from: { id: user, is_bot: false, first_name: 'A' }, text: '/about' } }) },
  { label: 'unknown update type', raw: () => ({ some_future_update: { x: 1 } }) },
  { label: 'empty update', raw: () => ({}) },
];

/** Discord interactions the bot must survive (built in payloads.test.ts from these specs). */
export const DISCORD_PAYLOADS: ReadonlyArray<{ label: string; kind: 'command' | 'button' | 'autocomplete'; name?: string; options?: unknown[]; customId?: string; focused?: string }> = [
  { label: 'unknown command', kind: 'command', name: 'does-not-exist', options: [] },
  { label: 'unknown command with escapes', kind: 'command', name: 'x\u001b[2J@everyone', options: [] },
  { label: 'unknown option', kind: 'command', name: 'city-rank', options: [{ name: 'colour', type: 3, value: 'red' }] },
  { label: 'integer option sent as a string', kind: 'command', name: 'city-rank', options: [{ name: 'top', type: 3, value: 'five' }] },
  { label: 'integer option out of range', kind: 'command', name: 'city-rank', options: [{ name: 'top', type: 4, value: 10_000 }] },
  { label: 'string option sent as a number', kind: 'command', name: 'cbdc-status', options: [{ name: 'country', type: 4, value: 42 }] },
  { label: 'string option with mentions and escapes', kind: 'command', name: 'cbdc-status', options: [{ name: 'country', type: 3, value: '@everyone <@&1> \u001b[2J **x**' }] },
  { label: 'string option of 6,000 characters', kind: 'command', name: 'china-blockchain', options: [{ name: 'topic', type: 3, value: 'x'.repeat(6000) }] },
  { label: 'choice option with an invalid value', kind: 'command', name: 'news', options: [{ name: 'topic', type: 3, value: '<script>' }] },
  { label: 'missing options array', kind: 'command', name: 'cbdc-status' },
  { label: 'oversized custom_id', kind: 'button', customId: 'cb1:'.padEnd(400, 'x') },
  { label: 'garbage custom_id', kind: 'button', customId: '\u001b[2J@everyone<@&1>' },
  { label: 'custom_id of another page format', kind: 'button', customId: 'cb1|n|cbdc-status|99999|x|y' },
  { label: 'autocomplete with hostile text', kind: 'autocomplete', name: 'cbdc-status', focused: 'country', options: [{ name: 'country', type: 3, value: '\u001b[2J@everyone'.repeat(20), focused: true }] },
];

/** Every case, counted per kind. */
export function caseCounts(): Record<string, number> {
  return {
    'command arguments (text × command)': HOSTILE_TEXTS.length * TARGET_COMMANDS.length,
    'command lines (options, names)': HOSTILE_LINES.length,
    'feed items (text × format)': HOSTILE_TEXTS.length * FEED_FORMATS.length,
    'hostile feeds': HOSTILE_FEED_PATHS.length,
    'Telegram payloads': TELEGRAM_PAYLOADS.length,
    'Discord payloads': DISCORD_PAYLOADS.length,
  };
}
