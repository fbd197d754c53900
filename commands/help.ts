/** /help — every command with usage and an example, generated from the definitions. */
import { bindTokens, parseCommandLine, usage } from '../src/core/args.js';
import { UserFacingError } from '../src/core/errors.js';
import { closestMatches, didYouMean } from '../src/core/suggest.js';
import { canonicalName, type CommandData } from '../src/core/command.js';
import type { Reply, ReplySection } from '../src/core/reply.js';
import { defineCommand } from './services.js';

/** How `page:` works, shown in /help: long answers say "Page 1/3" in their footer. */
export const PAGE_HELP = 'When an answer says "Page 1/3", add page:2 (or page:3) to the same command for the next page; on Discord and Telegram the buttons do the same.';

/**
 * One of the command's own examples rewritten with named options (`/city-rank top 5` →
 * `/city-rank top:5`), through the same parser that reads what users type.
 */
export function namedExample(cmd: CommandData): string | undefined {
  for (const example of cmd.examples) {
    const line = parseCommandLine(example);
    if (!line || line.tokens.length === 0) continue;
    try {
      const raw = bindTokens(cmd, line.tokens);
      const parts = Object.entries(raw).map(([k, v]) => `${k}:${/\s/.test(v) ? `"${v}"` : v}`);
      if (parts.length) return `/${cmd.name} ${parts.join(' ')}`;
    } catch {
      continue;
    }
  }
  return undefined;
}

function commandFooter(cmd: CommandData): string {
  if (cmd.options.length === 0) return `/${cmd.name} takes no arguments.`;
  const named = namedExample(cmd);
  return `Arguments can be typed in order or by name${named ? `, e.g. ${named}` : ' (option:value)'}.`;
}

export default defineCommand({
  data: {
    name: 'help',
    description: 'List every command with its usage and an example',
    permission: 'everyone',
    dmAllowed: true,
    options: [{ type: 'string', name: 'command', description: 'Show details for one command', autocomplete: 'command' }],
    examples: ['/help', '/help city-rank'],
  },
  async execute({ args, commands, invocation }): Promise<Reply> {
    const isMod = invocation.actor.isModerator;
    const wanted = typeof args.command === 'string' ? canonicalName(args.command) : undefined;
    if (wanted) {
      const cmd = commands.find((c) => c.name === wanted);
      if (!cmd) {
        const sugg = closestMatches(wanted, commands.map((c) => c.name));
        throw new UserFacingError('not-found', `There is no /${wanted} command.${didYouMean(sugg.map((s) => `/${s}`))}`, sugg);
      }
      return {
        title: `/${cmd.name}`,
        text: cmd.description + (cmd.permission === 'moderator' ? ' (moderators only)' : ''),
        fields: [
          { name: 'Usage', value: usage(cmd) },
          ...cmd.options.map((o) => ({
            name: o.name,
            value:
              o.description +
              (o.type === 'integer' && (o.min !== undefined || o.max !== undefined) ? ` (${o.min ?? '…'}–${o.max ?? '…'})` : '') +
              (o.type === 'choice' ? ` (one of: ${o.choices.map((c) => c.value).join(', ')})` : ''),
            inline: false,
          })),
          ...(cmd.options.length ? [{ name: 'page', value: PAGE_HELP, inline: false }] : []),
          { name: 'Examples', value: cmd.examples.join('\n') },
        ],
        footer: commandFooter(cmd),
      };
    }
    const visible = commands.filter((c) => c.permission === 'everyone' || isMod);
    const sections: ReplySection[] = [
      {
        items: visible.map((c) => ({
          text: `${usage(c)} — ${c.description}${c.permission === 'moderator' ? ' (moderators)' : ''}. Example: ${c.examples[1] ?? c.examples[0] ?? `/${c.name}`}`,
        })),
      },
    ];
    return {
      title: 'chainbrief commands',
      text: 'Sourced, dated answers on China’s blockchain push and central bank digital currencies. Knowledge answers list their sources and an “as of” date, and flag disputed claims.',
      sections,
      footer: `Type /help <command> for details. Arguments can be typed in order or by name (city:Hangzhou). ${PAGE_HELP}`,
    };
  },
});
