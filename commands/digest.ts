/** /digest set|show|preview|now|off — a conversation's scheduled digest of new developments (moderators). */
import type { Choice, CommandArgs } from '../src/core/command.js';
import { UserFacingError } from '../src/core/errors.js';
import type { Reply, ReplyField } from '../src/core/reply.js';
import { digestInputFrom } from '../src/digest/digest-args.js';
import type { DigestPort, DigestView } from '../src/digest/ports.js';
import { clockTime, zonedDateTime } from '../src/digest/schedule.js';
import { defineCommand, type Services } from './services.js';

/** The digest port, or a clear error when this bot runs without delivery. */
function requireDigests(services: Services): DigestPort {
  if (!services.digests) throw new UserFacingError('unavailable', 'Digests are not enabled on this bot (no delivery database is configured).');
  return services.digests;
}

/** One line for a lifted pause, shown before the answer. */
export function resumedLine(reason: string | undefined): string {
  return reason ? `Pushes to this conversation were paused (${reason}); they resume now.\n` : '';
}

/** `09:00 Asia/Shanghai (01:00 UTC)` for the first of the next runs. */
function timeLine(v: DigestView): string {
  const next = v.nextRuns[0]!;
  const local = v.time ?? clockTime(next, v.timezone);
  return v.timezone === 'UTC' ? `${local} UTC` : `${local} ${v.timezone} (${clockTime(next, 'UTC')} UTC)`;
}

function fields(v: DigestView): ReplyField[] {
  const runs = v.nextRuns.map((r) => `${zonedDateTime(r, v.timezone)} ${v.timezone}${v.timezone === 'UTC' ? '' : ` · ${zonedDateTime(r, 'UTC').slice(4)} UTC`}`);
  return [
    { name: 'Schedule', value: `${v.schedule} — ${timeLine(v)}`, inline: false },
    { name: 'Next runs', value: runs.join('\n'), inline: false },
    { name: 'Topics', value: v.topics.length ? v.topics.join(', ') : 'all', inline: true },
    { name: 'Max items', value: String(v.maxItems), inline: true },
  ];
}

function str(args: CommandArgs, name: string): string | undefined {
  return typeof args[name] === 'string' ? (args[name] as string) : undefined;
}

export default defineCommand({
  data: {
    name: 'digest',
    description: "Schedule this channel's digest of new developments (moderators)",
    permission: 'moderator',
    options: [],
    subcommands: [
      {
        name: 'set',
        description: 'Set or change the schedule, time zone, topics and size',
        options: [
          { type: 'string', name: 'schedule', description: 'daily 09:00, weekdays 08:30, weekly mon 09:00 or a quoted cron', required: true, greedy: true, maxLength: 80 },
          { type: 'string', name: 'timezone', description: 'IANA time zone, e.g. Asia/Shanghai (default UTC)', autocomplete: 'timezone', maxLength: 64 },
          { type: 'string', name: 'topics', description: 'Comma-separated topic ids (default all)', autocomplete: 'news-topic', maxLength: 200 },
          { type: 'integer', name: 'max', description: 'Most stories per digest (default 10)', min: 1, max: 20 },
        ],
      },
      { name: 'show', description: 'Show the schedule, next runs and the last run', options: [] },
      { name: 'preview', description: 'See what would be posted now (only you see it)', options: [] },
      { name: 'now', description: 'Post the digest to this channel now', options: [] },
      { name: 'off', description: 'Remove the digest', options: [] },
    ],
    examples: ['/digest set daily 09:00 Asia/Shanghai cbdc', '/digest set weekdays 08:30 UTC cbdc,policy 8', '/digest show', '/digest now', '/digest off'],
  },
  async autocomplete(option, query, services): Promise<Choice[]> {
    const q = query.toLowerCase();
    if (option === 'timezone') {
      return ['UTC', ...Intl.supportedValuesOf('timeZone')].filter((z) => z.toLowerCase().includes(q)).slice(0, 25).map((z) => ({ name: z, value: z }));
    }
    if (option === 'topics' && services.digests) {
      const parts = query.split(',');
      const last = parts.pop()!.trim().toLowerCase();
      const prefix = parts.length ? `${parts.join(',')},` : '';
      return services.digests.topics().filter((t) => t.id.includes(last)).map((t) => ({ name: `${prefix}${t.id}`, value: `${prefix}${t.id}` }));
    }
    return [];
  },
  async execute({ args, services, invocation }): Promise<Reply> {
    const port = requireDigests(services);
    const conv = invocation.conversation;
    const resumed = resumedLine(await port.resume(conv));
    switch (args.subcommand) {
      case 'set': {
        const input = digestInputFrom({ schedule: str(args, 'schedule'), timezone: str(args, 'timezone'), topics: str(args, 'topics'), ...(typeof args.max === 'number' ? { max: args.max } : {}) });
        const v = await port.set(conv, invocation.actor.userId, input);
        return { title: 'Digest set', text: `${resumed}A digest will be posted here ${v.schedule.replace(/ \d\d:\d\d$/, '')} at ${timeLine(v)}.`, fields: fields(v), footer: 'Change it with /digest set, see it with /digest show, stop it with /digest off.' };
      }
      case 'show': {
        const v = await port.show(conv);
        if (!v) return { title: 'No digest', text: `${resumed}This conversation has no digest. Set one with /digest set daily 09:00 Asia/Shanghai cbdc.` };
        const last = v.lastRunAt ? `${v.lastOutcome ?? 'ran'} (last run ${zonedDateTime(v.lastRunAt, v.timezone)} ${v.timezone})` : (v.lastOutcome ?? 'not run yet');
        return {
          title: 'Digest',
          text: `${resumed}${v.paused && !resumed ? `Paused: ${v.paused}. Run any /digest command here to resume.\n` : ''}Posted at ${timeLine(v)}.`,
          fields: [...fields(v), { name: 'Last run', value: last, inline: false }],
        };
      }
      case 'preview': {
        const { reply } = await port.preview(conv);
        if (!reply) return { title: 'Preview — nothing new', text: `${resumed}No new stories since the last digest: a digest now would be skipped (never posted empty).`, ephemeral: true };
        return { ...reply, title: `Preview — ${reply.title ?? 'digest'}`, ...(resumed ? { text: `${resumed}${reply.text ?? ''}` } : {}), ephemeral: true };
      }
      case 'now': {
        const { count } = await port.postNow(conv);
        return count
          ? { title: 'Digest queued', text: `${resumed}The digest (${count} ${count === 1 ? 'story' : 'stories'}) is being posted to this channel.`, ephemeral: true }
          : { title: 'Nothing new', text: `${resumed}No new stories since the last digest, so nothing was posted.`, ephemeral: true };
      }
      case 'off': {
        const removed = await port.off(conv);
        return { title: removed ? 'Digest removed' : 'No digest', text: `${resumed}${removed ? 'This conversation will get no more digests.' : 'This conversation had no digest.'}` };
      }
      default:
        throw new UserFacingError('bad-argument', 'Use /digest set, show, preview, now or off.');
    }
  },
});
