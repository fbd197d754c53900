/**
 * Command registration from the core's definitions: CommandData → Discord application command
 * JSON, a stable hash of the whole set, and a sync that PUTs only when that hash changed.
 */
import { createHash } from 'node:crypto';
import { PermissionFlagsBits, Routes, type REST } from 'discord.js';
import type { CommandData, OptionDef } from '../../core/command.js';
import type { Logger } from '../../core/logger.js';

/** Discord option JSON (string = 3, integer = 4). */
export interface OptionJson {
  type: 3 | 4;
  name: string;
  description: string;
  required: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string }>;
  min_value?: number;
  max_value?: number;
  max_length?: number;
}

/** A Discord subcommand (option type 1) with its own options. */
export interface SubcommandJson {
  type: 1;
  name: string;
  description: string;
  options: OptionJson[];
}

/** Discord chat-input command JSON, as PUT to the bulk-overwrite endpoint. */
export interface CommandJson {
  type: 1;
  name: string;
  description: string;
  options: OptionJson[] | SubcommandJson[];
  /** Bit string of permissions a member needs to see the command, or null for everyone. */
  default_member_permissions: string | null;
  /** Interaction contexts: 0 guild, 1 bot DM, 2 private channel. */
  contexts: number[];
  /** Installation types: 0 guild install. */
  integration_types: number[];
}

/** Matches the core's default cap on string arguments (validateArgs). */
const DEFAULT_MAX_LENGTH = 200;

/** Permissions that make a member a moderator: Manage Server (or Administrator, which implies it). */
export const MODERATOR_PERMISSION = PermissionFlagsBits.ManageGuild;

function optionJson(o: OptionDef): OptionJson {
  const base = { name: o.name, description: o.description, required: Boolean(o.required) };
  switch (o.type) {
    case 'string':
      return {
        type: 3,
        ...base,
        ...(o.autocomplete ? { autocomplete: true } : {}),
        max_length: Math.min(o.maxLength ?? DEFAULT_MAX_LENGTH, 6000),
      };
    case 'integer':
      return {
        type: 4,
        ...base,
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
      };
    case 'choice':
      return { type: 3, ...base, choices: o.choices.map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) })) };
  }
}

/** One command definition as Discord application command JSON. */
export function toDiscordCommand(data: CommandData): CommandJson {
  const moderator = data.permission === 'moderator';
  return {
    type: 1,
    name: data.name,
    description: data.description,
    options: data.subcommands
      ? data.subcommands.map((sub): SubcommandJson => ({ type: 1, name: sub.name, description: sub.description, options: sub.options.map(optionJson) }))
      : data.options.map(optionJson),
    default_member_permissions: moderator ? MODERATOR_PERMISSION.toString() : null,
    // Moderator commands need a server (a DM has no moderators); others work in DMs when allowed.
    contexts: data.dmAllowed && !moderator ? [0, 1, 2] : [0],
    integration_types: [0],
  };
}

/** The full registration body for a set of definitions. */
export function commandsBody(list: readonly CommandData[]): CommandJson[] {
  return list.map(toDiscordCommand);
}

/** Stable hash of a registration body and its target (application + guild or global). */
export function commandsHash(body: readonly CommandJson[], scope: string): string {
  return createHash('sha256').update(JSON.stringify({ scope, body })).digest('hex');
}

/** Where commands are registered. */
export interface RegistrationTarget {
  applicationId: string;
  /** Set: this server only (instant). Unset: global. */
  guildId?: string | undefined;
}

/** The part of a Keyv namespace the sync needs (keeps tests free of a real store). */
export interface HashStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<unknown>;
}

function scopeOf(t: RegistrationTarget): string {
  return `${t.applicationId}:${t.guildId ?? 'global'}`;
}

/** PUTs the body to the guild or global bulk-overwrite endpoint. */
export async function putCommands(rest: REST, target: RegistrationTarget, body: readonly CommandJson[]): Promise<void> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body });
}

/**
 * Registers the commands when their definitions changed since the last registration for this
 * target (hash kept in the store), so restarts never spam the API. Returns whether it PUT.
 */
export async function syncCommands(opts: {
  rest: REST;
  target: RegistrationTarget;
  commands: readonly CommandData[];
  store: HashStore;
  logger: Logger;
  force?: boolean;
}): Promise<boolean> {
  const body = commandsBody(opts.commands);
  const scope = scopeOf(opts.target);
  const hash = commandsHash(body, scope);
  const key = `commands-hash:${scope}`;
  if (!opts.force && (await opts.store.get(key)) === hash) {
    opts.logger.info({ scope, commands: body.length }, 'discord commands unchanged; registration skipped');
    return false;
  }
  await putCommands(opts.rest, opts.target, body);
  await opts.store.set(key, hash);
  opts.logger.info({ scope, commands: body.length, global: !opts.target.guildId }, 'discord commands registered');
  return true;
}
