/**
 * The straightforward versions of the pipeline's hot functions, as they were before they were
 * optimised. Property tests check the optimised code gives exactly the same results.
 */
import { decodeHTMLStrict } from 'entities';
import { stripControls, truncate } from '../../../src/news/normalize.js';
import type { TopicRule } from '../../../src/news/topics-config.js';
import type { TopicScore } from '../../../src/news/types.js';

export function refFoldText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ');
}

interface Kw {
  term: string;
  weight: number;
  bounded: boolean;
}
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);
function countMatches(text: string, kw: Kw): number {
  let n = 0;
  let from = 0;
  for (;;) {
    const i = text.indexOf(kw.term, from);
    if (i === -1) return n;
    from = i + kw.term.length;
    if (kw.bounded && (isWordChar(text[i - 1]) || isWordChar(text[from]))) continue;
    n++;
    if (n >= 3) return n;
  }
}

/** Every keyword of every topic searched in both texts. */
export function refClassify(rules: readonly TopicRule[], title: string, summary = ''): TopicScore[] {
  const topics = rules.map((r) => ({
    id: r.id,
    minScore: r.minScore,
    keywords: r.keywords.map((k) => ({ term: refFoldText(k.term).trim(), weight: k.weight, bounded: /^[\x20-\x7e]+$/.test(k.term) })).filter((k) => k.term.length > 0),
  }));
  const t = refFoldText(title);
  const s = refFoldText(summary);
  const out: TopicScore[] = [];
  for (const topic of topics) {
    let score = 0;
    for (const kw of topic.keywords) {
      const inTitle = countMatches(t, kw);
      const inSummary = s ? countMatches(s, kw) : 0;
      if (inTitle || inSummary) score += kw.weight * (2 * Math.min(inTitle, 1) + Math.min(inSummary, 2) * 0.5 + (inTitle > 1 ? 0.5 : 0));
    }
    if (score >= topic.minScore) out.push({ topic: topic.id, score: Math.round(score * 100) / 100 });
  }
  return out.sort((a, b) => b.score - a.score);
}

const STOP = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'as', 'at', 'by', 'with', 'is', 'its', 'from', 'after', 'new']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function refTitleTokens(title: string): Set<string> {
  const norm = title.normalize('NFKC').toLowerCase().replace(/['’‘`]/g, '');
  const out = new Set<string>();
  for (const run of norm.split(/[^\p{L}\p{N}]+/u)) {
    if (!run) continue;
    if (CJK.test(run)) {
      const chars = [...run];
      let latin = '';
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (CJK.test(c)) {
          if (latin) out.add(latin);
          latin = '';
          const next = chars[i + 1];
          out.add(next && CJK.test(next) ? c + next : c);
        } else latin += c;
      }
      if (latin) out.add(latin);
    } else if (!STOP.has(run)) out.add(run);
  }
  return out;
}

export function refJaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Brute force: the best similarity any eligible stored title reaches (0 when none is eligible). */
export function refBestSimilarity(entries: Array<{ title: string; source: string; time: number }>, title: string, source: string, time: number, windowMs: number, threshold: number): number {
  const tokens = refTitleTokens(title);
  if (tokens.size < 2) return 0;
  let best = 0;
  for (const e of entries) {
    const et = refTitleTokens(e.title);
    if (et.size < 2 || e.source === source || Math.abs(e.time - time) > windowMs) continue;
    const sim = refJaccard(tokens, et);
    if (sim >= threshold && sim > best) best = sim;
  }
  return best;
}

const BLOCK_TAGS = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|pre|hr)\b[^>]*>/gi;

export function refHtmlToText(html: string, maxLength = 600): string {
  let s = html.length > 200_000 ? html.slice(0, 200_000) : html;
  s = s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  s = s.replace(/<(script|style|noscript|iframe|template|svg|math)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
  s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  s = s.replace(BLOCK_TAGS, ' ');
  s = s.replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '');
  s = decodeHTMLStrict(s);
  s = s.replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ').replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '').replace(/[<>]/g, ' ');
  s = stripControls(s).replace(/\s+/g, ' ').trim();
  return truncate(s, maxLength);
}

const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'yclid', 'twclid',
  'ref', 'ref_src', 'ref_url', 'referrer', 'source', 'cmpid', 'ncid', 'sr_share', 'spm', 'share', 'cid', 'rss', 'feed',
  'outputtype', 'accesstoken', '_hsenc', '_hsmi', 'oly_enc_id', 'oly_anon_id', 'vero_id', 'wt.mc_id', 's_cid', 'icid', 'at_medium', 'at_campaign',
]);

export function refCleanUrl(raw: string, base?: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  u.username = '';
  u.password = '';
  return u.toString();
}

export function refCanonicalUrl(raw: string, base?: string): string | undefined {
  const cleaned = refCleanUrl(raw, base);
  if (!cleaned) return undefined;
  const u = new URL(cleaned);
  u.hostname = u.hostname.replace(/^www\./, '').replace(/\.$/, '');
  const kept = [...u.searchParams.entries()].filter(([k]) => {
    const key = k.toLowerCase();
    return !key.startsWith('utm_') && !key.startsWith('__') && !TRACKING_PARAMS.has(key);
  });
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.slice(0, -1);
  return u.toString();
}
