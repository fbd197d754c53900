import { describeAdapterContract } from './adapter-contract.js';
import { ALICE, BOB_ADMIN, GROUP, startTelegramHarness, visibleText } from '../fakes/telegram-harness.js';
import { underscoreName } from '../../src/core/command.js';
import { ERROR_MARK } from '../../src/adapters/telegram/render.js';

/** Formats named args the way a Telegram user types them: `/cmd@bot name:value name:"two words"`. */
function line(command: string, bot: string, args: Record<string, string | number>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}:${/\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)}`);
  return [`/${underscoreName(command)}@${bot}`, ...parts].join(' ');
}

describeAdapterContract('telegram', async (core) => {
  const h = await startTelegramHarness({ core });
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
    close: () => h.close(),
  };
});
