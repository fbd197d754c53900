/**
 * Command definitions: one platform-neutral description of a slash command (name, options,
 * permission) plus the function that answers it. Adapters register and render from these.
 */
import type { ConversationRef, Platform } from './conversation.js';
import type { Reply } from './reply.js';

/** Who may run a command. Moderators are server managers on Discord, chat admins on Telegram. */
export type Permission = 'everyone' | 'moderator';

/** A value offered to the user for an option (choice lists, autocomplete). */
export interface Choice {
  name: string;
  value: string;
}

interface OptionBase {
  /** Lowercase, `[a-z0-9_-]{1,32}`. */
  name: string;
  description: string;
  required?: boolean;
}

/** Free text. `greedy` options absorb extra words in text form (`/cbdc-status South Korea`). */
export interface StringOption extends OptionBase {
  type: 'string';
  /** Name of an autocomplete source the services answer (e.g. `country`, `city`). */
  autocomplete?: string;
  greedy?: boolean;
  maxLength?: number;
}

/** A whole number; `name value` keyword form is accepted in text (`/city-rank top 5`). */
export interface IntegerOption extends OptionBase {
  type: 'integer';
  min?: number;
  max?: number;
}

/** One of a fixed list of values. */
export interface ChoiceOption extends OptionBase {
  type: 'choice';
  choices: Choice[];
}

export type OptionDef = StringOption | IntegerOption | ChoiceOption;

/**
 * A subcommand (`/digest set …`): Discord registers it as a real subcommand; in text form it is
 * the first word after the command. Its options work like a command's.
 */
export interface SubcommandData {
  name: string;
  description: string;
  options: OptionDef[];
}

/** The argument that carries the chosen subcommand's name in `CommandArgs`. */
export const SUBCOMMAND_ARG = 'subcommand';

/** Everything about a command except how it answers. */
export interface CommandData {
  /** Canonical hyphenated name without the slash, e.g. `china-blockchain`. */
  name: string;
  description: string;
  options: OptionDef[];
  permission: Permission;
  /** Example invocations shown in /help, e.g. `/city-rank top 5`. */
  examples: string[];
  /** Whether the command makes sense in direct messages (Discord DM permission). */
  dmAllowed?: boolean;
  /** Subcommands; when set, `options` must be empty and args carry `subcommand` plus its options. */
  subcommands?: SubcommandData[];
}

/** Arguments after parsing and validation: strings for string/choice options, numbers for integers. */
export type CommandArgs = Record<string, string | number>;

/** The person who ran a command. */
export interface Actor {
  platform: Platform;
  userId: string;
  displayName?: string;
  /** Set by the adapter from the platform's own permission data, never from user text. */
  isModerator: boolean;
}

/** One request to run a command, built by an adapter from a platform event. */
export interface Invocation {
  command: string;
  args: CommandArgs;
  actor: Actor;
  conversation: ConversationRef;
  /** 1-based page for paged answers. */
  page?: number;
}

/** Injected time source; tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a command's execute() receives. `S` is the application's services bag. */
export interface CommandContext<S> {
  invocation: Invocation;
  args: CommandArgs;
  page: number;
  services: S;
  clock: Clock;
  /** All registered commands (for /help). */
  commands: readonly CommandData[];
}

/** A command: its data plus the function producing a Reply. */
export interface CommandDefinition<S> {
  data: CommandData;
  execute(ctx: CommandContext<S>): Promise<Reply>;
  /** Optional per-command autocomplete; otherwise the option's `autocomplete` source is used. */
  autocomplete?(option: string, query: string, services: S): Promise<Choice[]>;
}

const NAME_RE = /^[a-z0-9_-]{1,32}$/;

/** Declares a command and checks its data early, so a bad definition fails at start-up. */
export function defineCommand<S>(def: CommandDefinition<S>): CommandDefinition<S> {
  const { data } = def;
  if (!NAME_RE.test(data.name)) throw new Error(`command name ${JSON.stringify(data.name)} must match ${NAME_RE}`);
  if (!data.description || data.description.length > 100) {
    throw new Error(`command ${data.name}: description must be 1-100 characters`);
  }
  checkOptions(data.name, data.options);
  if (data.subcommands) {
    if (data.options.length) throw new Error(`command ${data.name}: a command with subcommands takes no options of its own`);
    const names = new Set<string>();
    for (const sub of data.subcommands) {
      if (!NAME_RE.test(sub.name) || names.has(sub.name)) throw new Error(`command ${data.name}: bad or duplicate subcommand ${JSON.stringify(sub.name)}`);
      if (!sub.description || sub.description.length > 100) throw new Error(`command ${data.name} ${sub.name}: description must be 1-100 characters`);
      names.add(sub.name);
      checkOptions(`${data.name} ${sub.name}`, sub.options);
    }
    if (data.subcommands.length === 0 || data.subcommands.length > 25) throw new Error(`command ${data.name}: 1-25 subcommands`);
  }
  return def;
}

/** The options a subcommand's arguments are read against (a command's own, or its subcommand's). */
export function optionsFor(data: CommandData, subcommand: string | undefined): OptionDef[] {
  if (!data.subcommands) return data.options;
  return data.subcommands.find((s) => s.name === subcommand)?.options ?? [];
}

function checkOptions(name: string, options: OptionDef[]): void {
  const data = { name, options };
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const o of data.options) {
    if (!NAME_RE.test(o.name)) throw new Error(`command ${data.name}: option name ${JSON.stringify(o.name)} is invalid`);
    if (seen.has(o.name)) throw new Error(`command ${data.name}: duplicate option ${o.name}`);
    seen.add(o.name);
    if (!o.description || o.description.length > 100) {
      throw new Error(`command ${data.name}: option ${o.name} needs a 1-100 character description`);
    }
    if (o.required && optionalSeen) throw new Error(`command ${data.name}: required option ${o.name} after an optional one`);
    if (!o.required) optionalSeen = true;
    if (o.type === 'integer' && o.min !== undefined && o.max !== undefined && o.min > o.max) {
      throw new Error(`command ${data.name}: option ${o.name} has min > max`);
    }
    if (o.type === 'choice' && (o.choices.length === 0 || o.choices.length > 25)) {
      throw new Error(`command ${data.name}: option ${o.name} needs 1-25 choices`);
    }
  }
  if (data.options.length > 25) throw new Error(`command ${data.name}: at most 25 options`);
}

/** Normalises a typed command name: `/cbdc_status@bot` → `cbdc-status`. */
export function canonicalName(name: string): string {
  return name.replace(/^\//, '').replace(/@.*$/, '').toLowerCase().replace(/_/g, '-');
}

/** Telegram-safe form of a canonical name: `china-blockchain` → `china_blockchain`. */
export function underscoreName(name: string): string {
  return name.replace(/-/g, '_');
}
