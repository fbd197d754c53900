/**
 * The adapter contract for Discord: every command goes through the real discord.js Client and the
 * fake Discord server (gateway INTERACTION_CREATE in, REST callbacks out); answers are read back
 * as a user would see them.
 */
import { describeAdapterContract } from './adapter-contract.js';
import { chatInput } from '../fakes/discord-payloads.js';
import { startHarness, viewAll } from '../fakes/discord-harness.js';
import { limitProblems } from '../fakes/discord-view.js';

describeAdapterContract('discord', async (core) => {
  const h = await startHarness({ core });
  return {
    async run(command, args, opts = {}) {
      const { messages } = await h.interact(chatInput(h.fake, command, args, { moderator: Boolean(opts.moderator) }));
      for (const m of messages) {
        const problems = limitProblems(m);
        if (problems.length) throw new Error(`/${command} broke Discord limits: ${problems.join('; ')}`);
      }
      return viewAll(messages);
    },
    close: () => h.close(),
  };
});
