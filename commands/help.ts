/** /help — every command with usage and an example, generated from the definitions. */
import { usage } from '../src/core/args.js';
import { UserFacingError } from '../src/core/errors.js';
import { closestMatches, didYouMean } from '../src/core/suggest.js';
import { canonicalName } from '../src/core/command.js';
import type { Reply, ReplySection } from '../src/core/reply.js';
import { defineCommand } from './services.js';

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
          { name: 'Examples', value: cmd.examples.join('\n') },
        ],
        footer: 'Arguments can be typed in order or by name, e.g. index:ccid-2019 top:5.',
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
      footer: 'Type /help <command> for details. Arguments can be typed in order or by name (city:Hangzhou).',
    };
  },
});
