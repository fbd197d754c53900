/**
 * A small BotCore for the Discord end-to-end tests, independent of the knowledge store:
 * an echo with autocomplete, a paged answer, a paged answer whose pages need several messages,
 * a slow command, a moderator command, a crash, and a very long hostile answer.
 */
import { BotCore } from '../../src/core/dispatch.js';
import { defineCommand, type CommandDefinition } from '../../src/core/command.js';
import type { Reply } from '../../src/core/reply.js';
import type { Logger } from '../../src/core/logger.js';

type NoServices = Record<string, never>;

const FRUITS = ['Apple', 'Apricot', 'Banana', 'Blueberry', 'Cherry', 'Date', 'Fig', 'Grape', 'Guava', 'Kiwi'];
const many = Array.from({ length: 40 }, (_, i) => ({ name: `Fruit ${i}`, value: `fruit-${i}` }));

const echo = defineCommand<NoServices>({
  data: {
    name: 'echo',
    description: 'Repeats text back',
    permission: 'everyone',
    dmAllowed: true,
    examples: ['/echo hi'],
    options: [
      { type: 'string', name: 'text', description: 'What to repeat', required: true, autocomplete: 'fruit', maxLength: 100 },
      { type: 'integer', name: 'times', description: 'How often', min: 1, max: 3 },
      { type: 'choice', name: 'style', description: 'How', choices: [{ name: 'Loud', value: 'loud' }, { name: 'Quiet', value: 'quiet' }] },
    ],
  },
  async execute({ args }): Promise<Reply> {
    const times = typeof args.times === 'number' ? args.times : 1;
    const text = String(args.text);
    return {
      title: 'Echo',
      text: Array.from({ length: times }, () => (args.style === 'loud' ? text.toUpperCase() : text)).join(' '),
      sources: [{ title: 'Echo source', url: 'https://example.org/echo', publisher: 'Example' }],
      asOf: '2025-01-31',
    };
  },
});

const pages = defineCommand<NoServices>({
  data: { name: 'pages', description: 'A three-page answer', permission: 'everyone', examples: ['/pages'], options: [{ type: 'string', name: 'topic', description: 'Topic' }] },
  async execute({ page, args }): Promise<Reply> {
    const p = Math.min(page, 3);
    return {
      title: `Pages about ${String(args.topic ?? 'all')}`,
      sections: [{ items: [{ text: `This is page ${p} content`, date: `2020-0${p}-01` }] }],
      asOf: '2025-02-01',
      pagination: { command: 'pages', args: args.topic ? { topic: String(args.topic) } : {}, page: p, pageCount: 3 },
    };
  },
});

/** Item groups on each page of /bigpages (page 2 is shorter, so it needs fewer messages). */
const BIG_PAGE_GROUPS = [3, 2, 3] as const;

const bigPages = defineCommand<NoServices>({
  data: { name: 'bigpages', description: 'Three pages of several messages each', permission: 'everyone', examples: ['/bigpages'], options: [] },
  async execute({ page }): Promise<Reply> {
    const p = Math.min(Math.max(page, 1), 3);
    // About 5 000 characters per item group: each group fills most of one message.
    const groups = BIG_PAGE_GROUPS[p - 1]!;
    return {
      title: `Big page ${p}`,
      sections: Array.from({ length: groups }, (_, g) => ({
        title: `Page ${p} group ${g}`,
        items: Array.from({ length: 10 }, (_, i) => ({ text: `Page ${p} item ${g}-${i} ${'filler words '.repeat(36)}` })),
      })),
      asOf: '2025-02-02',
      pagination: { command: 'bigpages', args: {}, page: p, pageCount: 3 },
    };
  },
});

const slow = defineCommand<NoServices>({
  data: { name: 'slow', description: 'Takes a while', permission: 'everyone', examples: ['/slow'], options: [] },
  async execute(): Promise<Reply> {
    await new Promise((r) => setTimeout(r, 300));
    return { title: 'Slow answer', text: 'finally done', asOf: '2025-03-01' };
  },
});

const modOnly = defineCommand<NoServices>({
  data: { name: 'mod-only', description: 'Moderators only', permission: 'moderator', examples: ['/mod-only'], options: [] },
  async execute(): Promise<Reply> {
    return { title: 'Moderator tools', text: 'moderator access confirmed' };
  },
});

const boom = defineCommand<NoServices>({
  data: { name: 'boom', description: 'Always fails', permission: 'everyone', examples: ['/boom'], options: [] },
  async execute(): Promise<Reply> {
    throw new Error('kaboom with secret detail');
  },
});

const hostile = defineCommand<NoServices>({
  data: { name: 'hostile', description: 'A long, hostile answer', permission: 'everyone', examples: ['/hostile'], options: [] },
  async execute(): Promise<Reply> {
    const word = '@everyone **bold** [x](javascript:alert(1)) <@&123456789012345678> ';
    return {
      title: '@here '.repeat(80),
      text: word.repeat(200),
      sections: Array.from({ length: 6 }, (_, s) => ({
        title: `Section ${s}`,
        items: Array.from({ length: 30 }, (_, i) => ({
          text: `Item ${s}-${i} ${'lorem ipsum '.repeat(10)}`,
          date: '2021-01-01',
          status: 'disputed' as const,
          note: 'contested by @everyone',
          source: { title: `Source ${s}-${i}`, url: `https://example.org/${s}/${i}` },
        })),
      })),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i}`, value: 'v'.repeat(i === 3 ? 3000 : 50) })),
      asOf: '2025-04-01',
      footer: 'end of hostile answer',
    };
  },
});

/** Commands of the test core. */
export const testCommands: CommandDefinition<NoServices>[] = [echo, pages, bigPages, slow, modOnly, boom, hostile];

/** Builds the test core (autocomplete source `fruit` returns up to 40 matches; core caps at 25). */
export function testCore(logger?: Logger): BotCore<NoServices> {
  return new BotCore<NoServices>({
    commands: testCommands,
    services: {},
    ...(logger ? { logger } : {}),
    autocomplete: async (source, q) => {
      if (source !== 'fruit') return [];
      if (q === 'many') return many;
      return FRUITS.filter((f) => f.toLowerCase().startsWith(q.toLowerCase())).map((f) => ({ name: f, value: f }));
    },
  });
}
