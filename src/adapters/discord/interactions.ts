/**
 * Discord interactions → core invocations → replies: slash commands (deferred when slow),
 * autocomplete (answered within Discord's 3 s), and page buttons (owner and expiry checked).
 * A page that needs several messages keeps its continuation messages: the next press edits them
 * in place (and posts or deletes the difference) instead of adding new ones every time.
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type PermissionsBitField,
} from 'discord.js';
import { SUBCOMMAND_ARG, type Actor, type Clock, type CommandArgs, type Invocation } from '../../core/command.js';
import { formatConversation } from '../../core/conversation.js';
import type { BotCore } from '../../core/dispatch.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import { loggableError } from './errors.js';
import { DEFAULT_PAGE_TTL_MS, pageRow, refusePress, resolvePageId, type ActionRowJson, type PageCursorStore } from './pagination.js';
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
  /**
   * Keeps page cursors too long for a custom_id and the continuation messages of paged answers;
   * without it, such answers have no buttons and continuations are not tidied up.
   */
  pageStore?: PageCursorStore;
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

async function followUps(i: ChatInputCommandInteraction | ButtonInteraction, rest: DiscordMessage[], ephemeral: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (const m of rest) ids.push((await i.followUp(options(m, ephemeral))).id);
  return ids;
}

/** Ids of the messages an answer was delivered as (the first may be unknown). */
interface Delivered {
  firstId?: string | undefined;
  restIds: string[];
}

/** Sends a rendered reply on an interaction in whatever state it is (fresh, deferred, replied). */
async function deliver(i: ChatInputCommandInteraction | ButtonInteraction, reply: Reply, messages: DiscordMessage[]): Promise<Delivered> {
  const [first, ...rest] = messages;
  if (!first) return { restIds: [] };
  const ephemeral = Boolean(reply.ephemeral);
  if (i.replied) {
    const [firstId, ...restIds] = await followUps(i, messages, ephemeral);
    return { firstId, restIds };
  }
  if (i.deferred) {
    // A deferred public reply cannot become ephemeral: remove it and answer privately instead.
    if (ephemeral && !i.ephemeral) {
      await i.deleteReply();
      const [firstId, ...restIds] = await followUps(i, messages, true);
      return { firstId, restIds };
    }
    const edited = await i.editReply(editOptions(first));
    return { firstId: edited.id, restIds: await followUps(i, rest, ephemeral) };
  }
  const response = await i.reply({ ...options(first, ephemeral), withResponse: true });
  return { firstId: response.resource?.message?.id, restIds: await followUps(i, rest, ephemeral) };
}

function partsKey(firstMessageId: string): string {
  return `page-parts:${firstMessageId}`;
}

/** The continuation messages recorded for a paged answer's first message (none when unknown). */
async function recalledParts<S>(deps: InteractionDeps<S>, firstMessageId: string): Promise<string[]> {
  if (!deps.pageStore) return [];
  try {
    const raw = await deps.pageStore.get(partsKey(firstMessageId));
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && /^\d{1,25}$/.test(x)).slice(0, 20) : [];
  } catch (err) {
    deps.logger.warn({ err: loggableError(err), messageId: firstMessageId }, 'discord page parts could not be read');
    return [];
  }
}

/** Records the continuation messages of a paged answer so the next page press can replace them. */
async function rememberParts<S>(deps: InteractionDeps<S>, firstMessageId: string | undefined, ids: string[]): Promise<void> {
  if (!deps.pageStore || !firstMessageId) return;
  try {
    await deps.pageStore.set(partsKey(firstMessageId), ids, deps.pageTtlMs ?? DEFAULT_PAGE_TTL_MS);
  } catch (err) {
    deps.logger.warn({ err: loggableError(err), messageId: firstMessageId }, 'discord page parts could not be stored');
  }
}

/** The page-button row for a reply, or undefined (single page, or no way to bind the buttons). */
async function buttonsFor<S>(reply: Reply, userId: string, deps: InteractionDeps<S>): Promise<ActionRowJson | undefined> {
  if (!reply.pagination) return undefined;
  const owner = { userId, issuedAt: deps.clock.now() };
  try {
    return await pageRow(reply.pagination, owner, deps.pageStore, deps.pageTtlMs ?? DEFAULT_PAGE_TTL_MS);
  } catch (err) {
    // The answer still goes out; its footer says which page it is.
    deps.logger.warn({ err: loggableError(err), command: reply.pagination.command }, 'discord page cursor could not be stored');
    return undefined;
  }
}

function argsOf(i: ChatInputCommandInteraction): CommandArgs {
  const args: CommandArgs = {};
  // A subcommand (`/digest set`) arrives as one option of type 1 holding its own options.
  const sub = i.options.data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (sub) args[SUBCOMMAND_ARG] = sub.name;
  for (const o of sub ? (sub.options ?? []) : i.options.data) if (typeof o.value === 'string' || typeof o.value === 'number') args[o.name] = o.value;
  return args;
}

async function handleCommand<S>(i: ChatInputCommandInteraction, deps: InteractionDeps<S>): Promise<void> {
  const invocation: Invocation = { command: i.commandName, args: argsOf(i), actor: actorOf(i), conversation: conversationOf(i) };
  const work = deps.core.dispatch(invocation);
  const early = await withDeadline(work, deps.deferAfterMs ?? 2000);
  if (!early) await i.deferReply();
  const reply = early ? early.value : await work;
  const row = await buttonsFor(reply, i.user.id, deps);
  const messages = renderReply(reply, row ? { pageRow: row } : {});
  const delivered = await deliver(i, reply, messages);
  if (row && delivered.restIds.length) await rememberParts(deps, delivered.firstId, delivered.restIds);
}

async function note(i: ButtonInteraction, text: string, title = 'Page buttons'): Promise<void> {
  const [m] = renderReply({ kind: 'error', title, text, ephemeral: true });
  if (m) await i.reply(options(m, true));
}

async function handleButton<S>(i: ButtonInteraction, deps: InteractionDeps<S>): Promise<void> {
  const req = await resolvePageId(i.customId, deps.pageStore);
  if (req === 'gone') return note(i, 'These page buttons have expired. Run the command again to get a fresh answer.');
  if (!req) return note(i, 'These buttons no longer work (the bot was updated since). Run the command again for a fresh answer.');
  if (req.tag === 'i') return note(i, 'This shows which page you are on; use ◀ and ▶ to move.');
  const refusal = refusePress(req, i.user.id, deps.clock.now(), { ttlMs: deps.pageTtlMs ?? DEFAULT_PAGE_TTL_MS });
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
  const row = await buttonsFor(reply, i.user.id, deps);
  const [first, ...rest] = renderReply(reply, row ? { pageRow: row } : {});
  if (!first) return;
  if (i.deferred) await i.editReply(editOptions(first));
  else await i.update(editOptions(first));
  await replaceParts(i, rest, deps);
}

/**
 * Shows a page's continuation messages by editing the ones the previous page left (recorded under
 * the first message's id), posting only the extra ones and deleting the surplus, so pressing
 * through the pages never piles messages up in the channel.
 */
async function replaceParts<S>(i: ButtonInteraction, rest: DiscordMessage[], deps: InteractionDeps<S>): Promise<void> {
  const previous = await recalledParts(deps, i.message.id);
  const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
  const ids: string[] = [];
  for (const [k, m] of rest.entries()) {
    const old = previous[k];
    if (old) {
      try {
        await i.editReply({ ...editOptions(m), message: old });
        ids.push(old);
        continue;
      } catch (err) {
        // Gone or no longer editable: try to remove it, then post the part afresh.
        deps.logger.warn({ err: loggableError(err), messageId: old }, 'discord page part could not be edited');
        await i.deleteReply(old).catch(() => undefined);
      }
    }
    ids.push((await i.followUp(options(m, ephemeral))).id);
  }
  for (const old of previous.slice(rest.length)) {
    await i.deleteReply(old).catch((err: unknown) => deps.logger.warn({ err: loggableError(err), messageId: old }, 'discord page part could not be deleted'));
  }
  if (ids.length || previous.length) await rememberParts(deps, i.message.id, ids);
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
export async function handleInteraction<S>(i: Interaction, baseDeps: InteractionDeps<S>): Promise<void> {
  // Every line logged for this interaction carries its id.
  const deps = { ...baseDeps, logger: baseDeps.logger.child?.({ interactionId: i.id }) ?? baseDeps.logger };
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
