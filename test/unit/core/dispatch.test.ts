import { describe, expect, it } from 'vitest';
import { defineCommand, type Actor } from '../../../src/core/command.js';
import { BotCore } from '../../../src/core/dispatch.js';
import { UserFacingError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';

const member: Actor = { platform: 'console', userId: 'u1', isModerator: false };
const mod: Actor = { ...member, isModerator: true };

function makeCore(logged: unknown[] = []) {
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (o) => void logged.push(o) };
  const echo = defineCommand<{ tag: string }>({
    data: {
      name: 'echo-it',
      description: 'echo',
      permission: 'everyone',
      examples: [],
      options: [{ type: 'string', name: 'text', description: 't', greedy: true }, { type: 'integer', name: 'times', description: 'n', min: 1, max: 3 }],
    },
    async execute({ args, page, services }) {
      const text = `${services.tag}:${String(args.text)}:${String(args.times ?? 1)}:p${page}`;
      // Five pages, clamped like commands/lib/facts.ts paginate().
      return { text, pagination: { command: 'echo-it', args: {}, page: Math.min(page, 5), pageCount: 5 } };
    },
  });
  const modOnly = defineCommand<{ tag: string }>({
    data: { name: 'configure', description: 'mod', permission: 'moderator', examples: [], options: [] },
    async execute() {
      return { text: 'configured' };
    },
  });
  const broken = defineCommand<{ tag: string }>({
    data: { name: 'broken', description: 'fails', permission: 'everyone', examples: [], options: [] },
    async execute() {
      throw new Error('database exploded: secret detail');
    },
  });
  const refuses = defineCommand<{ tag: string }>({
    data: { name: 'refuses', description: 'user error', permission: 'everyone', examples: [], options: [] },
    async execute() {
      throw new UserFacingError('not-found', 'No such thing.');
    },
  });
  return new BotCore({ commands: [echo, modOnly, broken, refuses], services: { tag: 'S' }, logger });
}

describe('BotCore', () => {
  it('dispatches text with args, pages and services', async () => {
    const core = makeCore();
    const r = await core.handleText('/echo_it hello world times 2 page:3', member, 'console:local');
    expect(r?.text).toBe('S:hello world:2:p3');
  });
  it('rejects a malformed page:N with a clear message', async () => {
    const r = await makeCore().handleText('/echo-it hi page:x', member, 'console:local');
    expect(r?.kind).toBe('error');
    expect(r?.text).toContain('page must be a whole number from 1');
    expect((await makeCore().handleText('/echo-it hi page:0', member, 'console:local'))?.kind).toBe('error');
  });
  it('answers unknown commands with suggestions', async () => {
    const r = await makeCore().handleText('/echo-t x', member, 'console:local');
    expect(r?.kind).toBe('error');
    expect(r?.text).toContain('Unknown command /echo-t');
    expect(r?.text).toContain('/echo-it');
  });
  it('refuses moderator commands to members and allows moderators', async () => {
    const core = makeCore();
    const denied = await core.dispatch({ command: 'configure', args: {}, actor: member, conversation: 'discord:1' });
    expect(denied.kind).toBe('error');
    expect(denied.ephemeral).toBe(true);
    expect(denied.text).toMatch(/moderators only/);
    const ok = await core.dispatch({ command: 'configure', args: {}, actor: mod, conversation: 'discord:1' });
    expect(ok.text).toBe('configured');
  });
  it('validates typed args coming from structured platforms too', async () => {
    const r = await makeCore().dispatch({ command: 'echo-it', args: { times: 9 }, actor: member, conversation: 'discord:1' });
    expect(r.kind).toBe('error');
    expect(r.text).toContain('between 1 and 3');
  });
  it('shows user-facing errors and hides internal ones behind an apology, logging them', async () => {
    const logged: unknown[] = [];
    const core = makeCore(logged);
    const user = await core.dispatch({ command: 'refuses', args: {}, actor: member, conversation: 'console:local' });
    expect(user.text).toBe('No such thing.');
    const internal = await core.dispatch({ command: 'broken', args: {}, actor: member, conversation: 'console:local' });
    expect(internal.kind).toBe('error');
    expect(internal.text).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
  });
  it('returns null for text that is not a command', async () => {
    expect(await makeCore().handleText('just chatting', member, 'console:local')).toBeNull();
  });
  it('rejects duplicate command names at construction', () => {
    const c = defineCommand<object>({ data: { name: 'x', description: 'x', permission: 'everyone', examples: [], options: [] }, execute: async () => ({}) });
    expect(() => new BotCore({ commands: [c, c], services: {} })).toThrow(/duplicate/);
  });
  it('defineCommand rejects invalid names', () => {
    expect(() =>
      defineCommand<object>({ data: { name: 'Bad Name', description: 'x', permission: 'everyone', examples: [], options: [] }, execute: async () => ({}) }),
    ).toThrow();
  });
});
