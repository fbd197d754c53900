/**
 * /ask <question> — a short answer from the curated facts and stored news with `[n]` citations
 * that point at the numbered sources below it; labelled "AI off" with the reason when no model
 * wrote it. The AI service is reached only through the `ask` port.
 */
import { UserFacingError } from '../src/core/errors.js';
import type { Reply, ReplyItem } from '../src/core/reply.js';
import { QUESTION_MAX, QUESTION_MIN, type AskAnswer, type AskItem } from '../src/ai/ask-service.js';
import { defineCommand } from './services.js';

const EXAMPLE = '/ask When did China ban crypto trading?';

/**
 * A quoted claim ending in its citation. A year-only date goes into the text ("2020: …"), since
 * renderers show item dates in brackets and "[2020]" would read as a citation.
 */
function item(i: AskItem): ReplyItem {
  const yearOnly = i.date !== undefined && /^\d{4}$/.test(i.date);
  return {
    text: `${yearOnly ? `${i.date}: ` : ''}${i.kind === 'story' ? 'Headline: ' : ''}${i.text} [${i.cite}]`,
    status: i.status,
    ...(i.date && !yearOnly ? { date: i.date } : {}),
    ...(i.note ? { note: i.note } : {}),
  };
}

function more(a: AskAnswer): string {
  return `More: ${a.hints.join(' · ')}`;
}

/** The Reply for an answer: lead text, quoted or flagged claims, numbered sources, as-of, label. */
export function askReply(a: AskAnswer): Reply {
  const off = a.offReason ? `AI off: ${a.offReason}.` : undefined;
  const base: Reply = { sources: a.sources, ...(a.asOf ? { asOf: a.asOf } : {}) };
  if (a.mode === 'ai') {
    return {
      ...base,
      title: 'Answer',
      text: a.text,
      ...(a.items.length ? { sections: [{ title: 'Not verified: the answer relies on these', items: a.items.map(item) }] } : {}),
      footer: `Written by the AI model ${a.model ?? ''} from the numbered sources only${a.cached ? ' (cached answer)' : ''}. ${more(a)}`,
    };
  }
  if (a.mode === 'extract') {
    return {
      ...base,
      title: 'From the knowledge store (AI off)',
      text: `${off ?? 'AI off.'} ${a.text}`,
      sections: [{ items: a.items.map(item) }],
      footer: more(a),
    };
  }
  return {
    ...base,
    title: 'No direct answer',
    text: [a.text, off].filter(Boolean).join('\n'),
    ...(a.items.length ? { sections: [{ items: a.items.map(item) }] } : {}),
    footer: `Try ${a.hints.join(' · ')}`,
  };
}

export default defineCommand({
  data: {
    name: 'ask',
    description: 'Ask a question; answered from the curated facts and stored news, with sources',
    permission: 'everyone',
    dmAllowed: true,
    options: [{ type: 'string', name: 'question', description: `Your question (${QUESTION_MIN}-${QUESTION_MAX} characters)`, required: true, greedy: true, maxLength: QUESTION_MAX }],
    examples: [EXAMPLE, '/ask How many e-CNY wallets are there?'],
  },
  async execute({ args, services, invocation }): Promise<Reply> {
    const question = String(args.question ?? '').trim();
    if (question.length < QUESTION_MIN || question.length > QUESTION_MAX) {
      throw new UserFacingError(
        'bad-argument',
        `Your question has ${question.length} characters; ask in ${QUESTION_MIN} to ${QUESTION_MAX} characters, e.g. ${EXAMPLE}`,
      );
    }
    if (!services.ask) throw new UserFacingError('unavailable', '/ask is not enabled on this bot. Try /china-blockchain or /cbdc-status.');
    const answer = await services.ask.answer(question, { platform: invocation.actor.platform, userId: invocation.actor.userId });
    return askReply(answer);
  },
});
