/**
 * Discord interactions → core invocations → replies: slash commands (deferred when slow),
 * autocomplete (answered within Discord's 3 s), and page buttons (owner and expiry checked).
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type PermissionsBitField,
} from 'discord.js';
import type { Actor, Clock, CommandArgs, Invocation } from '../../core/command.js';
import { formatConversation } from '../../core/conversation.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import { loggableError } from './errors.js';
import { DEFAULT_PAGE_TTL_MS, decodePageId, refusePress } from './pagination.js';
import { renderReply, type DiscordMessage } from './render.js';

/** What the interaction handler needs; timings are injectable so tests can exercise deferral. */
export interface InteractionDeps<S> {
  core: BotCore<S>;
  logger: Logger;
  clock: Clock;
  /** Defer a reply when the command has not answered after this long (Discord allows 3 s). */
  deferAfterMs?: number;
  /** Give up on autocomplete suggestions after this long and answer with none. */
  autocompleteTimeoutMs?: number;
  pageTtlMs?: number;
  /** Called once an interaction has been fully answered (tests wait on it). */
  onHandled?: (interactionId: string) => void;
}

const APOLOGY: Reply = {
  kind: 'error',
  title: 'Something went wrong',
  text: 'Sorry, that did not work on our side. It has been logged; please try again in a moment.',
  ephemeral: true,
};

/** True for members with Manage Server or Administrator, from Discord's own permission data. */
export function isModerator(perms: Readonly<PermissionsBitField> | null): boolean {
  if (!perms) return false;
  return perms.has(PermissionFlagsBits.ManageGuild, true) || perms.has(PermissionFlagsBits.Administrator, false);
}

function actorOf(i: Interaction): Actor {
  const actor: Actor = { platform: 'discord', userId: i.user.id, isModerator: i.inGuild() && isModerator(i.memberPermissions) };
  if (i.user.username) actor.displayName = i.user.username;
  return actor;
}

function conversationOf(i: Interaction): Invocation['conversation'] {
  return formatConversation({ platform: 'discord', id: i.channelId ?? i.user.id });
}

/** Resolves with the value, or undefined when `ms` passes first (the timer never outlives the race). */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ value })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Message options for edits and updates (ephemerality cannot change there). */
function editOptions(m: DiscordMessage) {
  return { embeds: m.embeds, components: m.components ?? [], allowedMentions: { parse: [] } };
}

/** Message options for replies and followups. */
function options(m: DiscordMessage, ephemeral: boolean) {
  return { ...editOptions(m), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}

async function followUps(i: ChatInputCommandInteraction | ButtonInteraction, rest: DiscordMessage[], ephemeral: boolean): Promise<void> {
  for (const m of rest) await i.followUp(options(m, ephemeral));
}

/** Sends a rendered reply on an interaction in whatever state it is (fresh, deferred, replied). */
async function deliver(i: ChatInputCommandInteraction | ButtonInteraction, reply: Reply, messages: DiscordMessage[]): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) return;
  const ephemeral = Boolean(reply.ephemeral);
  if (i.replied) {
    await followUps(i, messages, ephemeral);
  } else if (i.deferred) {
    // A deferred public reply cannot become ephemeral: remove it and answer privately instead.
    if (ephemeral && !i.ephemeral) {
      await i.deleteReply();
      await followUps(i, messages, true);
      return;
    }
    await i.editReply(editOptions(first));
    await followUps(i, rest, ephemeral);
  } else {
    await i.reply(options(first, ephemeral));
    await followUps(i, rest, ephemeral);
  }
}

function argsOf(i: ChatInputCommandInteraction): CommandArgs {
  const args: CommandArgs = {};
  for (const o of i.options.data) if (typeof o.value === 'string' || typeof o.value === 'number') args[o.name] = o.value;
  return args;
}

async function handleCommand<S>(i: ChatInputCommandInteraction, deps: InteractionDeps<S>): Promise<void> {
  const invocation: Invocation = { command: i.commandName, args: argsOf(i), actor: actorOf(i), conversation: conversationOf(i) };
  const work = deps.core.dispatch(invocation);
  const early = await withDeadline(work, deps.deferAfterMs ?? 2000);
  if (!early) await i.deferReply();
  const reply = early ? early.value : await work;
  const messages = renderReply(reply, { pageOwner: { userId: i.user.id, issuedAt: deps.clock.now() } });
  await deliver(i, reply, messages);
}

async function note(i: ButtonInteraction, text: string, title = 'Page buttons'): Promise<void> {
  const [m] = renderReply({ kind: 'error', title, text, ephemeral: true });
  if (m) await i.reply(options(m, true));
}

async function handleButton<S>(i: ButtonInteraction, deps: InteractionDeps<S>): Promise<void> {
  const req = decodePageId(i.customId);
  if (!req) return note(i, 'These buttons no longer work (the bot was updated since). Run the command again for a fresh answer.');
  if (req.tag === 'i') return note(i, 'This shows which page you are on; use ◀ and ▶ to move.');
  const refusal = refusePress(req, i.user.id, deps.clock.now(), deps.pageTtlMs ?? DEFAULT_PAGE_TTL_MS);
  if (refusal) return note(i, refusal);
  const invocation: Invocation = { command: req.command, args: req.args, actor: actorOf(i), conversation: conversationOf(i), page: req.page };
  const work = deps.core.dispatch(invocation);
  const early = await withDeadline(work, deps.deferAfterMs ?? 2000);
  if (!early) await i.deferUpdate();
  const reply = early ? early.value : await work;
  // A page that now fails (data changed, permission lost) is told privately; the message stays.
  if (reply.kind === 'error') {
    const messages = renderReply({ ...reply, ephemeral: true });
    for (const m of messages) await (i.replied || i.deferred ? i.followUp(options(m, true)) : i.reply(options(m, true)));
    return;
  }
  const [first, ...rest] = renderReply(reply, { pageOwner: { userId: i.user.id, issuedAt: deps.clock.now() } });
  if (!first) return;
  if (i.deferred) await i.editReply(editOptions(first));
  else await i.update(editOptions(first));
  await followUps(i, rest, false);
}

async function handleAutocomplete<S>(i: AutocompleteInteraction, deps: InteractionDeps<S>): Promise<void> {
  const focused = i.options.getFocused(true);
  const result = await withDeadline(deps.core.autocomplete(i.commandName, focused.name, String(focused.value)), deps.autocompleteTimeoutMs ?? 2500);
  await i.respond(result?.value ?? []);
}

async function apologize(i: Interaction, logger: Logger): Promise<void> {
  if (!i.isRepliable()) return;
  const [m] = renderReply(APOLOGY);
  if (!m) return;
  try {
    if (i.replied || i.deferred) await i.followUp(options(m, true));
    else await i.reply(options(m, true));
  } catch (err) {
    logger.warn({ err: loggableError(err), interactionId: i.id }, 'discord apology could not be sent');
  }
}

/** Handles one interaction; never throws (failures are logged with context and apologised for). */
export async function handleInteraction<S>(i: Interaction, deps: InteractionDeps<S>): Promise<void> {
  try {
    if (i.isChatInputCommand()) await handleCommand(i, deps);
    else if (i.isAutocomplete()) await handleAutocomplete(i, deps);
    else if (i.isButton()) await handleButton(i, deps);
  } catch (err) {
    deps.logger.error(
      {
        err: loggableError(err),
        interactionId: i.id,
        type: i.type,
        command: i.isCommand() || i.isAutocomplete() ? i.commandName : undefined,
        guildId: i.guildId,
        channelId: i.channelId,
        userId: i.user.id,
      },
      'discord interaction failed',
    );
    await apologize(i, deps.logger);
  } finally {
    deps.onHandled?.(i.id);
  }
}
