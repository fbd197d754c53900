import { Writable } from 'node:stream';
import { answerLine, CONSOLE_ACTOR } from '../../src/adapters/console/console-adapter.js';
import { createConsolePush } from '../../src/adapters/console/console-push.js';
import type { ConversationRef } from '../../src/core/conversation.js';
import { describeAdapterContract } from './adapter-contract.js';
import type { PushedMessage } from './push-contract.js';

/** Formats named args as a console line: `/cmd name:value name:"two words"`. */
function line(command: string, args: Record<string, string | number>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}:${/\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)}`);
  return [`/${command}`, ...parts].join(' ');
}

describeAdapterContract('console', async (core) => {
  // Every conversation of the console is the one terminal: each push test reads what was written since it began.
  let written: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      written.push(chunk.toString('utf8'));
      done();
    },
  });
  const view = (text: string): PushedMessage => ({
    text: text.replace(/^── push .*──\n/, ''),
    links: text.match(/https?:\/\/\S+/g) ?? [],
    // eslint-disable-next-line no-control-regex
    problems: /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(text) ? ['control characters reached the terminal'] : [],
    pings: false,
  });
  return {
    async run(command, args, opts) {
      const actor = { ...CONSOLE_ACTOR, isModerator: opts?.moderator ?? false };
      const { text, error } = await answerLine(core, line(command, args), actor);
      return { text, isError: error, links: text.match(/https?:\/\/\S+/g) ?? [] };
    },
    push: {
      port: createConsolePush(output),
      newConversation(): ConversationRef {
        written = [];
        return 'console:local';
      },
      visible: () => written.map(view),
      faults: {},
    },
    async close() {},
  };
});
