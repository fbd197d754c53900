/**
 * Checks and cleans what the model wrote before anyone sees it: no URLs, mentions or markup survive,
 * every `[n]` must name a passage and at least one must, and citations are renumbered to the
 * bot's own numbered source list (built from its records, never from the model's text).
 */
import type { SourceLink } from '../core/reply.js';
import { sanitizeText, stripLinksAndMentions } from '../core/text-safety.js';
import type { Passage } from './passages.js';

/** Longest answer text kept (well within every platform's message limit). */
export const MAX_ANSWER_CHARS = 1200;

const CITATION = /\[(\s*\d{1,3}\s*(?:[,，;]\s*\d{1,3}\s*)*)\]/g;
const BARE_DOMAIN = /\b(?:[a-z0-9-]+\.)+(?:com|cn|org|net|gov|io|info|co|uk|hk|xyz|me|app|news|finance)(?:\/[^\s)\]]*)?/gi;

/** Cuts at the last sentence end within `max` characters (or at a word boundary). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('。'), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (end > max / 2) return head.slice(0, end + 1);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > max / 2 ? space : head.length)}…`;
}

/** Bracketed numbers that are not citations ("[2020]", a title's "[3]") shown as "(…)", so only citations look like `[n]`. */
export function noCitationLookalikes(text: string): string {
  return text.replace(/\[(\s*\d[\d\s,，;.-]*)\]/g, '($1)');
}

/** "[1-3]" → "[1, 2, 3]" (short ranges only). */
function expandRanges(text: string): string {
  return text.replace(/\[\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*\]/g, (m, a: string, b: string) => {
    const from = Number(a);
    const to = Number(b);
    return to > from && to - from < 12 ? `[${Array.from({ length: to - from + 1 }, (_, i) => from + i).join(', ')}]` : m;
  });
}

/** The model's text without links, mentions, markup or a sources list of its own. */
export function cleanModelText(raw: string): string {
  let s = expandRanges(sanitizeText(raw).replace(/【\s*(\d{1,3})\s*】/g, '[$1]'))
    .replace(/\[(\d{4,})\]/g, '($1)')
    .replace(/\[([^\]]*)\]\((?:[^)]*)\)/g, (_m, label: string) => (/^\s*\d[\d,\s]*$/.test(label) ? `[${label}]` : label));
  // A "Sources"/"References" list written by the model is dropped: the bot builds its own.
  s = s.replace(/\n\s*(?:#+\s*)?(?:\*\*)?(?:sources|references|citations|来源|参考(?:资料|文献)?)(?:\*\*)?\s*[:：]?\s*\n[\s\S]*$/i, '');
  // Markup, bare domains, links and mentions, removed together until none is left.
  s = stripLinksAndMentions(s, (x) =>
    x
      .replace(/<\/?[a-z][^>]*>/gi, '')
      .replace(/\*{1,3}|_{2,3}|`+|~~/g, '')
      .replace(BARE_DOMAIN, '')
      .replace(/\(\s*\)/g, ''),
  );
  s = s
    .replace(/^\s{0,3}(?:#{1,6}|>)\s*/gm, '')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clip(s, MAX_ANSWER_CHARS);
}

/** Citation numbers found in a text, in order of appearance (repeats removed). */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(CITATION)) {
    for (const part of m[1]!.split(/[,，;]/)) {
      const n = Number(part.trim());
      if (!out.includes(n)) out.push(n);
    }
  }
  return out;
}

/** Why a cleaned answer is refused ("cited no source"), or undefined when every citation exists and one at least is given. */
export function citationProblem(text: string, passageCount: number): string | undefined {
  const cited = citedNumbers(text);
  if (text.replace(CITATION, '').trim().length < 3) return 'was empty';
  if (cited.length === 0) return 'cited no source';
  const bad = cited.filter((n) => n < 1 || n > passageCount);
  return bad.length ? `cited source number${bad.length === 1 ? '' : 's'} ${bad.join(', ')}, which ${bad.length === 1 ? 'does' : 'do'} not exist` : undefined;
}

/** A validated answer with citations pointing at the bot's own numbered sources. */
export interface CitedText {
  text: string;
  sources: SourceLink[];
  /** The passages cited, in source order. */
  passages: Passage[];
}

/**
 * Renumbers passage citations to source numbers: each cited passage's first source becomes a
 * numbered entry (one entry per URL), in order of first citation.
 */
export function renumber(text: string, passages: readonly Passage[]): CitedText {
  const sources: SourceLink[] = [];
  const used: Passage[] = [];
  const numberOf = new Map<number, number>();
  for (const n of citedNumbers(text)) {
    const p = passages[n - 1];
    const src = p?.sources[0];
    if (!p || !src) continue;
    let idx = sources.findIndex((s) => s.url === src.url);
    if (idx < 0) {
      sources.push(src);
      idx = sources.length - 1;
    }
    if (!used.includes(p)) used.push(p);
    numberOf.set(n, idx + 1);
  }
  const out = text.replace(CITATION, (_m, inner: string) => {
    const nums = [...new Set(inner.split(/[,，;]/).map((x) => numberOf.get(Number(x.trim()))).filter((x): x is number => x !== undefined))];
    return nums.length ? `[${nums.sort((a, b) => a - b).join(', ')}]` : '';
  });
  return { text: out, sources, passages: used };
}
