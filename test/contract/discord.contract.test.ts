/**
 * The adapter contract for Discord: every command goes through the real discord.js Client and the
 * fake Discord server (gateway INTERACTION_CREATE in, REST callbacks out); answers are read back
 * as a user would see them. Pushes go through the adapter's push port to the fake's channels.
 */
import { describeAdapterContract } from './adapter-contract.js';
import { chatInput } from '../fakes/discord-payloads.js';
import { startHarness, viewAll } from '../fakes/discord-harness.js';
import { limitProblems, viewMessage, type MessageBody } from '../fakes/discord-view.js';
import { snowflake } from '../fakes/discord-server.js';
import { parseConversation, type ConversationRef } from '../../src/core/conversation.js';

/** True when a message body could notify anyone (Discord pings only what allowed_mentions lets through). */
function pings(body: Record<string, unknown>): boolean {
  const am = body.allowed_mentions as { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
  return !am || !Array.isArray(am.parse) || am.parse.length > 0 || Boolean(am.users?.length) || Boolean(am.roles?.length);
}

describeAdapterContract(
  'discord',
  async (core) => {
    const h = await startHarness({ core, tuning: { pushTimeoutMs: 500 } });
    const channelOf = (c: ConversationRef): string => parseConversation(c).id;
    const post = (c: ConversationRef): RegExp => new RegExp(`^/channels/${channelOf(c)}/messages$`);
    return {
      async run(command, args, opts = {}) {
        const { messages } = await h.interact(chatInput(h.fake, command, args, { moderator: Boolean(opts.moderator) }));
        for (const m of messages) {
          const problems = limitProblems(m);
          if (problems.length) throw new Error(`/${command} broke Discord limits: ${problems.join('; ')}`);
        }
        return viewAll(messages);
      },
      push: {
        port: h.adapter.push,
        newConversation() {
          const id = snowflake();
          h.fake.channels.add(id);
          return `discord:${id}`;
        },
        visible: (c) =>
          h.fake.visibleMessages(channelOf(c)).map((m) => {
            const v = viewMessage(m.body as MessageBody);
            return { text: v.text, links: v.links, problems: limitProblems(m.body as MessageBody), pings: pings(m.body) };
          }),
        faults: {
          'rate-limited': (c, s) =>
            h.fake.inject({
              method: 'POST',
              path: post(c),
              status: 429,
              body: { message: 'You are being rate limited.', retry_after: s + 0.25, global: false },
              headers: { 'retry-after': String(s + 0.25), 'x-ratelimit-scope': 'user' },
            }),
          'server-error': (c, _s, skip) => h.fake.failChannel(channelOf(c), 'server-error', 1, skip),
          timeout: (c) => h.fake.failChannel(channelOf(c), 'hang'),
          'missing-permissions': (c) => h.fake.failChannel(channelOf(c), 'missing-permissions'),
          'not-found': (c) => h.fake.failChannel(channelOf(c), 'unknown-channel'),
          'bad-request': (c) => h.fake.failChannel(channelOf(c), 'bad-request'),
        },
      },
      close: () => h.close(),
    };
  },
  ['rate-limited', 'server-error', 'timeout', 'missing-permissions', 'not-found', 'bad-request'],
);
