/**
 * The console adapter: an interactive shell on a TTY (prompt, history, Ctrl-D exits) and a
 * line-by-line reader when stdin is a pipe. The local user owns the console, so is a moderator.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { explainNotACommand } from '../../core/args.js';
import type { Actor } from '../../core/command.js';
import { echoInput } from '../../core/text-safety.js';
import type { BotCore } from '../../core/dispatch.js';
import { renderPlain } from './render.js';

export const CONSOLE_ACTOR: Actor = { platform: 'console', userId: 'local', displayName: 'you', isModerator: true };

/** Answers one line: the rendered reply, a hint for non-commands, or '' for blank lines. */
export async function answerLine<S>(core: BotCore<S>, line: string, actor: Actor = CONSOLE_ACTOR): Promise<{ text: string; error: boolean }> {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return { text: '', error: false };
  const input = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  const reply = await core.handleText(input, actor, 'console:local');
  if (!reply) {
    // Typed with a slash: say what is wrong with it; without one (`你好`): that commands need one.
    const why = trimmed.startsWith('/') ? explainNotACommand(trimmed) : `Commands start with a slash, e.g. /help (got "${echoInput(trimmed)}").`;
    return { text: renderPlain({ kind: 'error', title: 'Not a command', text: why ?? 'Type /help to see every command.' }), error: true };
  }
  return { text: renderPlain(reply), error: reply.kind === 'error' };
}

export interface ConsoleOptions {
  input?: Readable & { isTTY?: boolean };
  output?: Writable & { isTTY?: boolean };
}

/** Runs the console until input ends (Ctrl-D or end of pipe). Resolves with the number of failed lines. */
export async function runConsole<S>(core: BotCore<S>, opts: ConsoleOptions = {}): Promise<number> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = Boolean(input.isTTY && output.isTTY);
  const rl = createInterface({ input, output, terminal: interactive, historySize: 200, prompt: 'chainbrief> ' });
  let failures = 0;
  if (interactive) {
    output.write('chainbrief console — type /help for commands, Ctrl-D to quit.\n');
    rl.prompt();
  }
  // Lines are answered strictly in order even when they arrive faster than answers.
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      const { text, error } = await answerLine(core, line);
      if (error) failures++;
      if (text) output.write(`${text}\n${interactive ? '' : '\n'}`);
      if (interactive) rl.prompt();
    });
  });
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await chain;
  if (interactive) output.write('\nbye\n');
  return failures;
}
