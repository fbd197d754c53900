/**
 * The console PushPort: digests and alerts for `console:*` conversations are printed to the
 * terminal (stdout by default), rendered as plain text with control characters removed. A terminal
 * never refuses a message, so every delivery is `sent`; the part count is one per reply.
 */
import type { Writable } from 'node:stream';
import { parseConversation } from '../../core/conversation.js';
import type { PushPort } from '../../core/push.js';
import { sendParts } from '../push-outcome.js';
import { renderPlain, stripControl } from './render.js';

/** Creates the console push port writing to `output`. */
export function createConsolePush(output: Writable = process.stdout): PushPort {
  let next = 1;
  return {
    platform: 'console',
    async deliver(conversation, reply, { key, fromPart = 0 }) {
      const parts = parseConversation(conversation);
      if (parts.platform !== 'console') return { status: 'dead', reason: `not a console conversation: ${conversation}`, sentParts: fromPart };
      return sendParts(
        [renderPlain({ ...reply, ephemeral: false })],
        fromPart,
        async (text) => {
          output.write(`── push ${stripControl(key)} ──\n${text}\n`);
          return `console-${next++}`;
        },
        (err) => ({ status: 'dead', reason: err instanceof Error ? err.message : String(err) }),
      );
    },
  };
}
