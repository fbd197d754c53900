import { describe, expect, it } from 'vitest';
import { bindTokens, parseCommandLine, tokenize, usage, validateArgs } from '../../../src/core/args.js';
import type { CommandData } from '../../../src/core/command.js';
import { UserFacingError } from '../../../src/core/errors.js';

const cityRank: CommandData = {
  name: 'city-rank',
  description: 'd',
  permission: 'everyone',
  examples: [],
  options: [
    { type: 'string', name: 'city', description: 'c' },
    { type: 'string', name: 'index', description: 'i' },
    { type: 'integer', name: 'top', description: 't', min: 1, max: 25 },
  ],
};
const cbdc: CommandData = {
  name: 'cbdc-status',
  description: 'd',
  permission: 'everyone',
  examples: [],
  options: [{ type: 'string', name: 'country', description: 'c', greedy: true }],
};
const news: CommandData = {
  name: 'news',
  description: 'd',
  permission: 'everyone',
  examples: [],
  options: [
    { type: 'choice', name: 'topic', description: 't', choices: [{ name: 'CBDC', value: 'cbdc' }, { name: 'Policy', value: 'policy' }] },
  ],
};

function fails(fn: () => unknown): UserFacingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserFacingError) return e;
    throw e;
  }
  throw new Error('expected a UserFacingError');
}

describe('tokenize', () => {
  it('splits words and keeps quoted phrases together', () => {
    expect(tokenize('"South Korea" top 5')).toEqual(['South Korea', 'top', '5']);
    expect(tokenize("city:'Xi an'  x")).toEqual(['city:Xi an', 'x']);
    expect(tokenize('“euro area”')).toEqual(['euro area']);
  });
  it('keeps apostrophes inside words', () => {
    expect(tokenize("Xi'an")).toEqual(["Xi'an"]);
  });
  it('handles an unterminated quote without losing text', () => {
    expect(tokenize('"South Korea')).toEqual(['South Korea']);
  });
});

describe('parseCommandLine', () => {
  it('accepts hyphen, underscore and @bot forms', () => {
    expect(parseCommandLine('/cbdc_status china')).toMatchObject({ command: 'cbdc-status', tokens: ['china'] });
    expect(parseCommandLine('/cbdc-status@chainbrief_bot china', { botUsername: 'chainbrief_bot' })).toMatchObject({
      command: 'cbdc-status',
      tokens: ['china'],
    });
    expect(parseCommandLine('/CBDC-Status China')?.command).toBe('cbdc-status');
  });
  it('reads a dash typed instead of a hyphen as a hyphen', () => {
    expect(parseCommandLine('/cbdc–status china')).toMatchObject({ command: 'cbdc-status', tokens: ['china'] });
    expect(parseCommandLine('/city—rank')?.command).toBe('city-rank');
  });
  it('ignores commands addressed to another bot and plain text', () => {
    expect(parseCommandLine('/help@other_bot', { botUsername: 'chainbrief_bot' })).toBeNull();
    expect(parseCommandLine('hello /help')).toBeNull();
    expect(parseCommandLine('/')).toBeNull();
  });
});

describe('bindTokens + validateArgs', () => {
  const parse = (data: CommandData, text: string) => validateArgs(data, bindTokens(data, tokenize(text)));

  it('binds `top N` keyword form and positional arguments', () => {
    expect(parse(cityRank, 'top 5')).toEqual({ top: 5 });
    expect(parse(cityRank, 'Hangzhou')).toEqual({ city: 'Hangzhou' });
    expect(parse(cityRank, 'Hangzhou ccid-2019 3')).toEqual({ city: 'Hangzhou', index: 'ccid-2019', top: 3 });
  });
  it('binds named arguments as on Discord', () => {
    expect(parse(cityRank, 'city:Hangzhou top:5')).toEqual({ city: 'Hangzhou', top: 5 });
    expect(parse(cityRank, 'top: 7')).toEqual({ top: 7 });
  });
  it('lets a greedy option absorb several words', () => {
    expect(parse(cbdc, 'South Korea')).toEqual({ country: 'South Korea' });
    expect(parse(cbdc, '"South Korea"')).toEqual({ country: 'South Korea' });
  });
  it('names the allowed range for out-of-range numbers', () => {
    const e = fails(() => parse(cityRank, 'top 40'));
    expect(e.code).toBe('out-of-range');
    expect(e.message).toContain('between 1 and 25');
    expect(fails(() => parse(cityRank, 'top:0')).message).toContain('between 1 and 25');
  });
  it('rejects non-numbers for integers with the expected form', () => {
    expect(fails(() => parse(cityRank, 'top:five')).message).toMatch(/whole number between 1 and 25, not "five"/);
  });
  it('rejects unknown options and lists the real ones', () => {
    const e = fails(() => parse(cityRank, 'color:red'));
    expect(e.message).toContain('no option "color"');
    expect(e.message).toContain('city, index, top');
  });
  it('rejects extra arguments with the usage', () => {
    expect(fails(() => parse(cityRank, 'a b 3 d')).message).toContain('Usage: /city-rank [city] [index] [top]');
  });
  it('matches choices case-insensitively and suggests close ones', () => {
    expect(parse(news, 'CBDC')).toEqual({ topic: 'cbdc' });
    const e = fails(() => parse(news, 'polcy'));
    expect(e.suggestions).toContain('policy');
    expect(e.message).toContain('Did you mean policy?');
  });
  it('requires required options', () => {
    const data: CommandData = { ...cbdc, options: [{ type: 'string', name: 'q', description: 'question', required: true }] };
    expect(fails(() => parse(data, '')).code).toBe('missing-argument');
  });
  it('reports an integer keyword given twice or without its number', () => {
    expect(fails(() => parse(cityRank, 'top 5 top 6')).message).toBe('Option "top" was given twice.');
    expect(fails(() => parse(cityRank, 'top')).code).toBe('missing-argument');
  });
  it('binds a lone number to the integer option rather than a name', () => {
    expect(parse(cityRank, '5')).toEqual({ top: 5 });
    expect(parse(cityRank, 'Hangzhou 5')).toEqual({ city: 'Hangzhou', top: 5 });
    expect(parse(cityRank, 'Hangzhou 2019')).toEqual({ city: 'Hangzhou', index: '2019' });
  });
  it('treats an unknown `word:` as text when the command takes free text', () => {
    expect(parse(cbdc, 'note: hi')).toEqual({ country: 'note: hi' });
    expect(fails(() => parse(cityRank, 'note: hi')).message).toContain('no option "note"');
  });
  it('generates usage from the definition', () => {
    expect(usage(cityRank)).toBe('/city-rank [city] [index] [top]');
    expect(usage(news)).toBe('/news [cbdc|policy]');
  });
});

describe('subcommands', () => {
  const digest: CommandData = {
    name: 'digest',
    description: 'd',
    permission: 'moderator',
    examples: [],
    options: [],
    subcommands: [
      {
        name: 'set',
        description: 's',
        options: [
          { type: 'string', name: 'schedule', description: 's', required: true, greedy: true },
          { type: 'string', name: 'timezone', description: 't' },
          { type: 'integer', name: 'max', description: 'm', min: 1, max: 20 },
        ],
      },
      { name: 'show', description: 's', options: [] },
    ],
  };

  it('takes the first word as the subcommand and binds the rest to its options', () => {
    const raw = bindTokens(digest, tokenize('set daily 09:00 timezone:UTC 8'));
    expect(raw).toEqual({ subcommand: 'set', schedule: 'daily 09:00', timezone: 'UTC', max: '8' });
    expect(validateArgs(digest, raw)).toEqual({ subcommand: 'set', schedule: 'daily 09:00', timezone: 'UTC', max: 8 });
  });

  it('refuses a missing or unknown subcommand with the list of valid ones', () => {
    expect(() => bindTokens(digest, [])).toThrow(/needs a subcommand.*\/digest set, \/digest show/);
    expect(() => bindTokens(digest, ['shw'])).toThrow(/no subcommand "shw".*show/);
    expect(() => validateArgs(digest, { subcommand: 'show', max: 3 })).toThrow(UserFacingError);
  });

  it('shows the subcommands in the usage line', () => {
    expect(usage(digest)).toBe('/digest set|show');
  });
});
