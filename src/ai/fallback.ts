/**
 * Answers made without the model: the best-matching facts and stories quoted with their sources
 * (extractive), and the "nothing found" answer that points to the closest commands.
 */
import type { SourceLink } from '../core/reply.js';
import type { AskAnswer, AskItem } from './ask-service.js';
import type { Passage } from './passages.js';

/** Commands offered when nothing matched. */
export const DEFAULT_HINTS = ['/china-blockchain', '/cbdc-status China', '/city-rank', '/news'];

/** Facts and stories quoted by an extractive answer. */
const QUOTED_FACTS = 4;
const QUOTED_STORIES = 2;

/** Numbered sources (one per URL) for passages, and each passage's number. */
export function numberSources(passages: readonly Passage[]): { sources: SourceLink[]; cites: number[] } {
  const sources: SourceLink[] = [];
  const cites = passages.map((p) => {
    const src = p.sources[0]!;
    const at = sources.findIndex((s) => s.url === src.url);
    if (at >= 0) return at + 1;
    sources.push(src);
    return sources.length;
  });
  return { sources, cites };
}

/** Passages as quoted items citing the given numbers. */
export function quoteItems(passages: readonly Passage[], cites: readonly number[]): AskItem[] {
  return passages.map((p, i) => ({
    text: p.text,
    ...(p.date ? { date: p.date } : {}),
    status: p.status,
    ...(p.note ? { note: p.note } : {}),
    cite: cites[i]!,
    kind: p.kind,
  }));
}

/** Latest as-of date among fact passages. */
export function latestAsOf(passages: readonly Passage[]): string | undefined {
  return passages.reduce<string | undefined>((m, p) => (p.asOf && (!m || p.asOf > m) ? p.asOf : m), undefined);
}

/** Up to two distinct commands that show more about these passages. */
export function hintsFor(passages: readonly Passage[]): string[] {
  const hints = [...new Set(passages.map((p) => p.command).filter((c): c is string => Boolean(c)))].slice(0, 2);
  return hints.length ? hints : DEFAULT_HINTS;
}

/** The best facts (then stories) quoted with their sources; `offReason` says why the model was not used. */
export function extractiveAnswer(passages: readonly Passage[], offReason: string): AskAnswer {
  const chosen = [...passages.filter((p) => p.kind === 'fact').slice(0, QUOTED_FACTS), ...passages.filter((p) => p.kind === 'story').slice(0, QUOTED_STORIES)];
  if (chosen.length === 0) return nothingFound([], offReason);
  const { sources, cites } = numberSources(chosen);
  const asOf = latestAsOf(chosen);
  return {
    mode: 'extract',
    text: 'The closest entries in the knowledge store and the stored news, quoted with their sources:',
    items: quoteItems(chosen, cites),
    sources,
    ...(asOf ? { asOf } : {}),
    offReason,
    hints: hintsFor(chosen),
  };
}

/** Nothing answers the question: say so, show the closest entries if any, and point to commands. */
export function nothingFound(closest: readonly Passage[], offReason?: string, model?: string): AskAnswer {
  const shown = closest.slice(0, 3);
  const { sources, cites } = numberSources(shown);
  const asOf = latestAsOf(shown);
  return {
    mode: 'none',
    text: shown.length
      ? 'The knowledge store and the stored news do not answer this directly. The closest entries:'
      : 'Nothing in the knowledge store or the stored news matches this question.',
    items: quoteItems(shown, cites),
    sources,
    ...(asOf ? { asOf } : {}),
    ...(offReason ? { offReason } : {}),
    ...(model ? { model } : {}),
    hints: hintsFor(shown),
  };
}
