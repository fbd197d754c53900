import { answerLine, CONSOLE_ACTOR } from '../../src/adapters/console/console-adapter.js';
import { describeAdapterContract } from './adapter-contract.js';

/** Formats named args as a console line: `/cmd name:value name:"two words"`. */
function line(command: string, args: Record<string, string | number>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}:${/\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)}`);
  return [`/${command}`, ...parts].join(' ');
}

describeAdapterContract('console', async (core) => ({
  async run(command, args, opts) {
    const actor = { ...CONSOLE_ACTOR, isModerator: opts?.moderator ?? false };
    const { text, error } = await answerLine(core, line(command, args), actor);
    return { text, isError: error, links: text.match(/https?:\/\/\S+/g) ?? [] };
  },
  async close() {},
}));
