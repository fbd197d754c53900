import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { answerLine } from '../../../src/adapters/console/console-adapter.js';
import { bindTokens, explainNotACommand, parseCommandLine, validateArgs } from '../../../src/core/args.js';
import type { Actor, CommandData } from '../../../src/core/command.js';
import type { BotCore } from '../../../src/core/dispatch.js';
import { UserFacingError } from '../../../src/core/errors.js';
import { echoInput, normalizeInput } from '../../../src/core/text-safety.js';
import type { Services } from '../../../commands/services.js';

const member: Actor = { platform: 'console', userId: 'u', isModerator: false };
let core: BotCore<Services>;
beforeAll(async () => {
  core = (await createApp()).core;
});

// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('normalizeInput: what users type is matched after normalisation', () => {
  it.each([
    ['Chi\u0000na', 'China'],
    ['Ch\u200bina', 'China'],
    ['Hang\u00adzhou', 'Hangzhou'],
    ['Ｃｈｉｎａ', 'China'],
    ['C\u200dh\u2060i\ufeffna', 'China'],
    ['South\tKorea', 'South Korea'],
    ['\u202eChina', 'China'],
  ])('%j → %j', (input, expected) => expect(normalizeInput(input)).toBe(expected));

  it('parses a command whose name or arguments carry invisible characters', () => {
    expect(parseCommandLine('/cbdc-sta\u200btus Chi\u0000na')).toMatchObject({ command: 'cbdc-status', tokens: ['China'] });
  });

  it('never leaves a control, zero-width character or soft hyphen, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = normalizeInput(s);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/.test(out)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('knowledge answers find China and Hangzhou through invisible characters', () => {
  it.each(['/cbdc-status Chi\u0000na', '/cbdc-status Ch\u200bina', '/cbdc-status Ｃｈｉｎａ'])('%j answers for China', async (line) => {
    const r = await core.handleText(line, member, 'console:local');
    expect(r?.kind).not.toBe('error');
    expect(r?.title).toMatch(/China/);
  });
  it('/city-rank Hang\u00adzhou ranks Hangzhou', async () => {
    const r = await core.handleText('/city-rank Hang\u00adzhou', member, 'console:local');
    expect(r?.kind).not.toBe('error');
    expect(JSON.stringify(r)).toMatch(/Hangzhou/);
  });
  it('typed values from structured platforms are normalised too', () => {
    const data: CommandData = { name: 'x', description: 'd', permission: 'everyone', examples: [], options: [{ type: 'string', name: 'country', description: 'c' }] };
    expect(validateArgs(data, { country: 'Chi\u0000n\u200ba' })).toEqual({ country: 'China' });
  });
});

describe('echoInput', () => {
  it('quotes input on one line, without controls, cut with an ellipsis', () => {
    expect(echoInput('/\u001b]0;PWNED\u0007\u001b[2J')).toBe('/]0;PWNED[2J');
    expect(echoInput('a\nb\r\nc')).toBe('a b c');
    expect(echoInput('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('console: no escape sequence reaches the terminal from user input', () => {
  it.each([
    '/\u001b]0;PWNED\u0007\u001b[2J',
    '\u001b[31mred',
    '/help \u001b[2J',
    '/cbdc-status \u001b]8;;http://evil\u0007click\u001b]8;;\u0007',
    '/city-rank top:\u001b[5m',
    '/\u009b31m',
  ])('%j', async (line) => {
    const { text } = await answerLine(core, line);
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('messages say what is actually wrong', () => {
  it.each([
    ['/', /slash alone is not a command/],
    ['/ help', /space after the slash: did you mean \/help\?/],
    ['//help', /single slash: did you mean \/help\?/],
    ['/?!', /is not a command: a command is a slash followed by a name/],
  ])('%j', async (line, wanted) => {
    expect(explainNotACommand(line)).toMatch(wanted);
    const { text, error } = await answerLine(core, line);
    expect(error).toBe(true);
    expect(text).toMatch(wanted);
    expect(text).not.toMatch(/Commands start with a slash/);
  });

  it.each([
    ['/cbdc-status colour:red China', /\/cbdc-status has no option "colour"\. Options: country\./],
    ['/city-rank __proto__:1', /\/city-rank has no option "__proto__"/],
    ['/city-rank constructor:1', /\/city-rank has no option "constructor"/],
    ['/news color:red', /\/news has no option "color"/],
  ])('unknown option %j', async (line, wanted) => {
    const r = await core.handleText(line, member, 'console:local');
    expect(r?.kind).toBe('error');
    expect(r?.text).toMatch(wanted);
  });

  it('keeps `word:` with nothing attached as a word in free text', () => {
    const data: CommandData = { name: 'x', description: 'd', permission: 'everyone', examples: [], options: [{ type: 'string', name: 'topic', description: 't', greedy: true }] };
    expect(bindTokens(data, ['note:', 'hi'])).toEqual({ topic: 'note: hi' });
    expect(bindTokens(data, ['see', 'https://example.org/x'])).toEqual({ topic: 'see https://example.org/x' });
  });

  it('/city-rank top: with no value says the option needs one', async () => {
    const r = await core.handleText('/city-rank top:', member, 'console:local');
    expect(r?.kind).toBe('error');
    expect(r?.text).toMatch(/top: needs a value after the colon, e\.g\. \/city-rank top:5/);
    expect(() => bindTokens(core.find('city-rank')!.data, ['top:'])).toThrow(UserFacingError);
  });

  it('page:9 of a 5-page answer says so', async () => {
    const first = await core.handleText('/cbdc-status China', member, 'console:local');
    const count = first?.pagination?.pageCount ?? 1;
    const r = await core.handleText(`/cbdc-status China page:${count + 4}`, member, 'console:local');
    expect(r?.kind).not.toBe('error');
    expect(r?.text).toMatch(new RegExp(`^There is no page ${count + 4}: this answer has (${count} pages|only one page); showing page ${count}\\.`));
  });

  it('an existing page gets no note', async () => {
    const r = await core.handleText('/cbdc-status China page:1', member, 'console:local');
    expect(r?.text ?? '').not.toMatch(/There is no page/);
  });
});

describe('console lines without a slash', () => {
  it('are read as commands when they parse, and told to start with a slash otherwise — echoed safely', async () => {
    expect((await answerLine(core, 'about')).text).toMatch(/chainbrief/i);
    const { text, error } = await answerLine(core, '你好\u001b[2J');
    expect(error).toBe(true);
    expect(text).toContain('Commands start with a slash, e.g. /help (got "你好[2J").');
    expect(text).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('autocomplete', () => {
  it('matches what is typed with invisible characters too', async () => {
    const plain = await core.autocomplete('cbdc-status', 'country', 'Chin');
    expect(plain.map((c) => c.value)).toContain('China');
    const hidden = await core.autocomplete('cbdc-status', 'country', 'Ch\u200bi\u00adn');
    expect(hidden).toEqual(plain);
  });
});
