/** /alerts subscribe|list|unsubscribe|off — alerts on topics or literal words (moderators; in a private chat, its user). */
import type { Choice } from '../src/core/command.js';
import { UserFacingError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import type { AlertsPort, AlertView } from '../src/digest/ports.js';
import { resumedLine } from './digest.js';
import { defineCommand, type Services } from './services.js';

function requireAlerts(services: Services): AlertsPort {
  if (!services.alerts) throw new UserFacingError('unavailable', 'Alerts are not enabled on this bot (no delivery database is configured).');
  return services.alerts;
}

/** `topic cbdc` or `"digital yuan"`. */
function describe(v: AlertView): string {
  return v.kind === 'topic' ? `topic ${v.label}` : `"${v.label}"`;
}

function terms(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw new UserFacingError('missing-argument', 'Say what to follow: a topic id or a word or phrase, e.g. /alerts subscribe cbdc or /alerts subscribe "digital yuan".');
  }
  return value;
}

const TERMS_OPTION = { type: 'string' as const, name: 'terms', description: 'A topic id, or a word or "quoted phrase" (no patterns)', required: true, greedy: true, maxLength: 100, autocomplete: 'news-topic' };

export default defineCommand({
  data: {
    name: 'alerts',
    description: 'Get an alert when a story on a topic or with your words arrives',
    permission: 'moderator',
    dmAllowed: true,
    options: [],
    subcommands: [
      { name: 'subscribe', description: 'Follow a topic or literal words', options: [TERMS_OPTION] },
      { name: 'list', description: 'List this conversation’s alert subscriptions', options: [] },
      { name: 'unsubscribe', description: 'Stop following a topic or words', options: [TERMS_OPTION] },
      { name: 'off', description: 'Remove every alert subscription here', options: [] },
    ],
    examples: ['/alerts subscribe cbdc', '/alerts subscribe "digital yuan"', '/alerts subscribe 数字人民币', '/alerts list', '/alerts off'],
  },
  async autocomplete(option, query, services): Promise<Choice[]> {
    if (option !== 'terms' || !services.digests) return [];
    const q = query.toLowerCase();
    return services.digests.topics().filter((t) => t.id.includes(q)).map((t) => ({ name: `${t.label} (${t.id})`, value: t.id }));
  },
  async execute({ args, services, invocation }): Promise<Reply> {
    const port = requireAlerts(services);
    const conv = invocation.conversation;
    const resumed = resumedLine(await port.resume(conv));
    switch (args.subcommand) {
      case 'subscribe': {
        const { added, view } = await port.subscribe(conv, terms(args.terms));
        return {
          title: added ? 'Subscribed' : 'Already subscribed',
          text: `${resumed}${added ? `Alerts on ${describe(view)} will be posted here as matching stories arrive.` : `This conversation already follows ${describe(view)}.`}`,
          footer: 'Matching ignores case and full/half width; words are literal, never patterns. /alerts list shows every subscription.',
        };
      }
      case 'list': {
        const { subscriptions, paused, perHour } = await port.list(conv);
        if (!subscriptions.length) return { title: 'No alerts', text: `${resumed}This conversation follows nothing yet. Try /alerts subscribe cbdc.` };
        return {
          title: 'Alert subscriptions',
          text: `${resumed}${paused && !resumed ? `Paused: ${paused}.\n` : ''}At most ${perHour} alerts per hour; more are summed up in one message.`,
          sections: [{ items: subscriptions.map((s) => ({ text: describe(s) })) }],
        };
      }
      case 'unsubscribe': {
        const { removed, view } = await port.unsubscribe(conv, terms(args.terms));
        return { title: removed ? 'Unsubscribed' : 'Not subscribed', text: `${resumed}${removed ? `No more alerts on ${describe(view)}.` : `This conversation does not follow ${describe(view)}. See /alerts list.`}` };
      }
      case 'off': {
        const n = await port.removeAll(conv);
        return { title: 'Alerts off', text: `${resumed}${n ? `Removed ${n} subscription${n === 1 ? '' : 's'}.` : 'There were no subscriptions here.'}` };
      }
      default:
        throw new UserFacingError('bad-argument', 'Use /alerts subscribe, list, unsubscribe or off.');
    }
  },
});
