import { describeAdapterContract } from './adapter-contract.js';
import { ALICE, BOB_ADMIN, GROUP, startTelegramHarness, visibleText } from '../fakes/telegram-harness.js';
import { underscoreName } from '../../src/core/command.js';
import { ERROR_MARK } from '../../src/adapters/telegram/render.js';
import { parseConversation, type ConversationRef } from '../../src/core/conversation.js';

/** Formats named args the way a Telegram user types them: `/cmd@bot name:value name:"two words"`. */
function line(command: string, bot: string, args: Record<string, string | number>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}:${/\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)}`);
  return [`/${underscoreName(command)}@${bot}`, ...parts].join(' ');
}

describeAdapterContract(
  'telegram',
  async (core) => {
    const h = await startTelegramHarness({ core, tuning: { sendTimeoutMs: 500 } });
    let nextChat = 7_000_001;
    const chatOf = (c: ConversationRef): number => Number(parseConversation(c).id);
    return {
      async run(command, args, opts) {
        const from = opts?.moderator ? BOB_ADMIN : ALICE;
        const sent = await h.say(line(command, h.adapter.botUsername, args), { chat: GROUP, from });
        if (h.fake.htmlErrors.length) throw new Error(`invalid HTML sent: ${h.fake.htmlErrors.join('; ')}`);
        if (sent.length === 0) throw new Error(`no answer to /${command}`);
        return {
          text: visibleText(sent),
          isError: sent[0]!.text.startsWith(ERROR_MARK),
          links: sent.flatMap((m) => m.links),
        };
      },
      push: {
        port: h.adapter.push,
        newConversation() {
          const id = nextChat++;
          h.fake.addChat({ id, type: 'private' });
          return `telegram:${id}`;
        },
        visible: (c) => {
          const errors = h.fake.htmlErrors.length;
          return h.fake.sentTo(chatOf(c)).map((m) => ({
            text: m.text,
            links: m.links,
            problems: [...(errors ? ['invalid HTML was sent'] : []), ...(m.text.length > 4096 ? ['longer than 4096'] : [])],
            // Telegram has no @everyone; a text mention of a user needs a tg://user link.
            pings: /tg:\/\/user/.test(m.html),
          }));
        },
        faults: {
          'rate-limited': (c, s) => h.fake.failChat(chatOf(c), 'rate-limited', { retryAfter: s }),
          'server-error': (c, _s, skip) => h.fake.failChat(chatOf(c), 'server-error', { skip }),
          timeout: (c) => h.fake.failChat(chatOf(c), 'hang'),
          blocked: (c) => h.fake.failChat(chatOf(c), 'blocked'),
          kicked: (c) => h.fake.failChat(chatOf(c), 'kicked'),
          'not-found': (c) => h.fake.failChat(chatOf(c), 'chat-not-found'),
          moved: (c) => {
            const to = -1_000_000_000_000 - chatOf(c);
            h.fake.failChat(chatOf(c), 'migrated', { migrateTo: to });
            return `telegram:${to}`;
          },
          'missing-permissions': (c) =>
            h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: not enough rights to send text messages to the chat' }, { chatId: chatOf(c) }),
          'bad-request': (c) => h.fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: message text is empty' }, { chatId: chatOf(c) }),
        },
      },
      close: () => h.close(),
    };
  },
  ['rate-limited', 'server-error', 'timeout', 'blocked', 'kicked', 'not-found', 'missing-permissions', 'moved', 'bad-request'],
);
