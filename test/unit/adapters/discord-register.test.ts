/** Command registration JSON, its hash, and the sync that only PUTs when definitions changed. */
import { describe, expect, it } from 'vitest';
import type { REST } from 'discord.js';
import { commandsBody, commandsHash, syncCommands, toDiscordCommand } from '../../../src/adapters/discord/register.js';
import { silentLogger } from '../../../src/core/logger.js';
import { commands } from '../../../commands/index.js';
import type { CommandData } from '../../../src/core/command.js';

const data: CommandData = {
  name: 'city-rank',
  description: 'Rankings',
  permission: 'everyone',
  dmAllowed: true,
  examples: [],
  options: [
    { type: 'string', name: 'city', description: 'A city', autocomplete: 'city' },
    { type: 'integer', name: 'top', description: 'How many', min: 1, max: 25 },
    { type: 'choice', name: 'sort', description: 'Order', choices: [{ name: 'Rank', value: 'rank' }] },
  ],
};

describe('Discord command registration', () => {
  it('maps option types, limits, choices, autocomplete and contexts', () => {
    expect(toDiscordCommand(data)).toEqual({
      type: 1,
      name: 'city-rank',
      description: 'Rankings',
      options: [
        { type: 3, name: 'city', description: 'A city', required: false, autocomplete: true, max_length: 200 },
        { type: 4, name: 'top', description: 'How many', required: false, min_value: 1, max_value: 25 },
        { type: 3, name: 'sort', description: 'Order', required: false, choices: [{ name: 'Rank', value: 'rank' }] },
      ],
      default_member_permissions: null,
      contexts: [0, 1, 2],
      integration_types: [0],
    });
  });

  it('gives moderator commands Manage Server and keeps them out of DMs', () => {
    const json = toDiscordCommand({ ...data, permission: 'moderator' });
    expect(json.default_member_permissions).toBe('32');
    expect(json.contexts).toEqual([0]);
  });

  it('produces valid Discord names and descriptions for every real command', () => {
    for (const c of commandsBody(commands.map((c) => c.data))) {
      expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options.length).toBeLessThanOrEqual(25);
    }
  });

  it('hash changes with the definitions and the target', () => {
    const body = commandsBody([data]);
    expect(commandsHash(body, 'a:global')).toBe(commandsHash(commandsBody([data]), 'a:global'));
    expect(commandsHash(body, 'a:global')).not.toBe(commandsHash(body, 'a:123'));
    expect(commandsHash(body, 'a:global')).not.toBe(commandsHash(commandsBody([{ ...data, description: 'Changed' }]), 'a:global'));
  });

  it('PUTs only when the stored hash differs', async () => {
    const puts: Array<{ route: string; body: unknown }> = [];
    const rest = { put: async (route: string, opts: { body: unknown }) => void puts.push({ route, body: opts.body }) } as unknown as REST;
    const kv = new Map<string, string>();
    const store = { get: async (k: string) => kv.get(k), set: async (k: string, v: string) => kv.set(k, v) };
    const target = { applicationId: '111111111111111111' };
    expect(await syncCommands({ rest, target, commands: [data], store, logger: silentLogger })).toBe(true);
    expect(await syncCommands({ rest, target, commands: [data], store, logger: silentLogger })).toBe(false);
    expect(await syncCommands({ rest, target, commands: [{ ...data, description: 'New' }], store, logger: silentLogger })).toBe(true);
    expect(await syncCommands({ rest, target: { ...target, guildId: '222222222222222222' }, commands: [data], store, logger: silentLogger })).toBe(true);
    expect(puts.map((p) => p.route)).toEqual([
      '/applications/111111111111111111/commands',
      '/applications/111111111111111111/commands',
      '/applications/111111111111111111/guilds/222222222222222222/commands',
    ]);
    expect(puts[0]!.body).toEqual(commandsBody([data]));
  });
});
