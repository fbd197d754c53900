/**
 * BotCore: the one place that turns an Invocation into a Reply. It finds the command, checks
 * permission, validates arguments and turns every failure into a reply; it never throws.
 */
import { bindTokens, parseCommandLine, validateArgs } from './args.js';
import {
  canonicalName,
  systemClock,
  type Actor,
  type Choice,
  type Clock,
  type CommandData,
  type CommandDefinition,
  type Invocation,
} from './command.js';
import type { ConversationRef } from './conversation.js';
import { isUserFacingError, UserFacingError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import type { Reply } from './reply.js';
import { closestMatches, didYouMean } from './suggest.js';
import { echoInput, normalizeInput } from './text-safety.js';

/** Answers autocomplete for a named source (`country`, `city`, …). */
export type AutocompleteResolver = (source: string, query: string) => Promise<Choice[]>;

export interface BotCoreOptions<S> {
  commands: readonly CommandDefinition<S>[];
  services: S;
  clock?: Clock;
  logger?: Logger;
  autocomplete?: AutocompleteResolver;
  /** Called once per command answered, with its outcome and time taken (metrics); must not throw. */
  onCommand?: (command: string, outcome: CommandOutcome, ms: number) => void;
}

/** How a command ended: answered, refused with a message for the user, or failed on our side. */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/** Result of handling a line of text: null when the text is not for this bot. */
export type TextResult = Reply | null;

/** The platform-neutral bot. */
export class BotCore<S> {
  private readonly byName = new Map<string, CommandDefinition<S>>();
  readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly opts: BotCoreOptions<S>) {
    for (const c of opts.commands) {
      if (this.byName.has(c.data.name)) throw new Error(`duplicate command ${c.data.name}`);
      this.byName.set(c.data.name, c);
    }
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
  }

  /** Definitions in registration order (adapters register these). */
  get commands(): CommandData[] {
    return [...this.byName.values()].map((c) => c.data);
  }

  get services(): S {
    return this.opts.services;
  }

  /** Finds a command by any typed form: `cbdc_status`, `/cbdc-status`, `CBDC-STATUS`. */
  find(name: string): CommandDefinition<S> | undefined {
    return this.byName.get(canonicalName(name));
  }

  /** Runs one invocation. Errors become replies with `kind: 'error'`; unexpected ones are logged. */
  async dispatch(inv: Invocation): Promise<Reply> {
    const started = performance.now();
    try {
      const def = this.require(inv.command);
      this.checkPermission(def.data, inv.actor);
      const args = validateArgs(def.data, inv.args);
      const page = Math.max(1, Math.floor(inv.page ?? 1));
      const reply = await def.execute({
        invocation: { ...inv, command: def.data.name, args },
        args,
        page,
        services: this.opts.services,
        clock: this.clock,
        commands: this.commands,
      });
      this.report(def.data.name, 'ok', started);
      return withMissingPageNote(reply, page);
    } catch (err) {
      this.report(inv.command, isUserFacingError(err) ? 'user_error' : 'error', started);
      return this.errorReply(err, inv);
    }
  }

  /**
   * Parses and runs a line of text (Telegram messages, console input). Returns null for text
   * that is not a command or is addressed to another bot.
   */
  async handleText(
    text: string,
    actor: Actor,
    conversation: ConversationRef,
    opts: { botUsername?: string; page?: number } = {},
  ): Promise<TextResult> {
    const line = parseCommandLine(text, opts);
    if (!line) return null;
    const started = performance.now();
    try {
      const def = this.require(line.command);
      let page = opts.page ?? 1;
      let tokens = line.tokens;
      // `page:N` selects a page of a paged answer in text form, unless the command has its own `page` option.
      if (!def.data.options.some((o) => o.name === 'page')) {
        const pageTok = tokens.find((t) => /^page:/i.test(t));
        if (pageTok) {
          const value = pageTok.slice(5);
          if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
            throw new UserFacingError('bad-argument', `page must be a whole number from 1 (got "${echoInput(value, 20)}").`);
          }
          page = Number(value);
          tokens = tokens.filter((t) => t !== pageTok);
        }
      }
      const raw = bindTokens(def.data, tokens);
      return await this.dispatch({ command: def.data.name, args: raw, actor, conversation, page });
    } catch (err) {
      this.report(line.command, isUserFacingError(err) ? 'user_error' : 'error', started);
      return this.errorReply(err, { command: line.command, actor, conversation });
    }
  }

  /** Autocomplete for one option; at most 25 choices, never throws. */
  async autocomplete(command: string, option: string, typed: string): Promise<Choice[]> {
    const query = normalizeInput(typed);
    try {
      const def = this.find(command);
      // A subcommand's option counts too (`/digest set timezone:`); names are unique enough per command.
      const opt = [...(def?.data.options ?? []), ...(def?.data.subcommands ?? []).flatMap((sc) => sc.options)].find((o) => o.name === option);
      if (!def || !opt) return [];
      let choices: Choice[] = [];
      if (def.autocomplete) choices = await def.autocomplete(option, query, this.opts.services);
      else if (opt.type === 'string' && opt.autocomplete && this.opts.autocomplete) {
        choices = await this.opts.autocomplete(opt.autocomplete, query);
      } else if (opt.type === 'choice') {
        const q = query.toLowerCase();
        choices = opt.choices.filter((c) => c.name.toLowerCase().includes(q) || c.value.toLowerCase().includes(q));
      }
      return choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
    } catch (err) {
      this.logger.warn({ err, command, option }, 'autocomplete failed');
      return [];
    }
  }

  /** Passes an outcome to the onCommand hook; unknown names become `unknown` (user text never becomes a label). */
  private report(name: string, outcome: CommandOutcome, started: number): void {
    if (!this.opts.onCommand) return;
    try {
      this.opts.onCommand(this.find(name)?.data.name ?? 'unknown', outcome, performance.now() - started);
    } catch (err) {
      this.logger.warn({ err }, 'onCommand hook failed');
    }
  }

  private require(name: string): CommandDefinition<S> {
    const def = this.find(name);
    if (def) return def;
    const typed = echoInput(canonicalName(name), 40);
    const sugg = closestMatches(typed, this.byName.keys()).map((n) => `/${n}`);
    throw new UserFacingError('unknown-command', `Unknown command /${typed}.${didYouMean(sugg)} Type /help to see every command.`, sugg);
  }

  private checkPermission(data: CommandData, actor: Actor): void {
    if (data.permission === 'moderator' && !actor.isModerator) {
      throw new UserFacingError('forbidden', `/${data.name} is for moderators only (server managers on Discord, chat admins on Telegram).`);
    }
  }

  private errorReply(err: unknown, inv: Pick<Invocation, 'command' | 'actor' | 'conversation'>): Reply {
    if (isUserFacingError(err)) {
      return { kind: 'error', title: errorTitle(err.code), text: err.message, ephemeral: true };
    }
    this.logger.error(
      { err, command: inv.command, platform: inv.actor.platform, conversation: inv.conversation },
      'command failed',
    );
    return {
      kind: 'error',
      title: 'Something went wrong',
      text: 'Sorry, that command failed on our side. It has been logged; please try again in a moment.',
      ephemeral: true,
    };
  }
}

/** Says so when the page asked for does not exist (the command showed its last page instead). */
function withMissingPageNote(reply: Reply, page: number): Reply {
  if (page <= 1 || reply.kind === 'error') return reply;
  const shown = reply.pagination?.page ?? 1;
  if (shown >= page) return reply;
  const count = reply.pagination?.pageCount ?? 1;
  const note = `There is no page ${page}: this answer has ${count === 1 ? 'only one page' : `${count} pages`}; showing page ${shown}.`;
  return { ...reply, text: reply.text ? `${note}\n\n${reply.text}` : note };
}

function errorTitle(code: UserFacingError['code']): string {
  switch (code) {
    case 'unknown-command':
      return 'Unknown command';
    case 'forbidden':
      return 'Not allowed';
    case 'not-found':
      return 'Not found';
    case 'unavailable':
      return 'Not available';
    default:
      return 'Check the arguments';
  }
}
