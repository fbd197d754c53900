/**
 * Raw feed entries → clean items: canonical URLs (no tracking parameters, no fragment), plain
 * text from HTML (no markup survives), tidy titles, a real publication time.
 */
import { decodeHTMLStrict } from 'entities';
import type { NormalizedItem, RawItem } from './types.js';

/** Query parameters that only track the reader; removed from canonical URLs. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'yclid', 'twclid',
  'ref', 'ref_src', 'ref_url', 'referrer', 'source', 'cmpid', 'ncid', 'sr_share', 'spm', 'share', 'cid', 'rss', 'feed',
  'outputtype', 'accesstoken', '_hsenc', '_hsmi', 'oly_enc_id', 'oly_anon_id', 'vero_id', 'wt.mc_id', 's_cid', 'icid', 'at_medium', 'at_campaign',
]);

/** Parses a link against a base: http(s) only, fragment and credentials removed. */
function parseCleanUrl(raw: string, base?: string): URL | undefined {
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
  return u;
}

/** Removes the fragment from a URL and checks it is http(s). Returns undefined for unusable links. */
export function cleanUrl(raw: string, base?: string): string | undefined {
  return parseCleanUrl(raw, base)?.toString();
}

/** Turns a cleaned URL (as parsed from its own cleaned form) into the canonical one, in place. */
function canonicalize(u: URL, cleaned: string): string {
  // WHATWG URL already lower-cases scheme and host and drops default ports
  const host = u.hostname;
  if (host.startsWith('www.') || host.endsWith('.')) u.hostname = host.replace(/^www\./, '').replace(/\.$/, '');
  if (cleaned.includes('?')) {
    const kept = [...u.searchParams.entries()].filter(([k]) => {
      const key = k.toLowerCase();
      return !key.startsWith('utm_') && !key.startsWith('__') && !TRACKING_PARAMS.has(key);
    });
    kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    u.search = new URLSearchParams(kept).toString();
  }
  const pathname = u.pathname;
  if (pathname.length > 1 && pathname.endsWith('/')) u.pathname = pathname.slice(0, -1);
  return u.toString();
}

/** The identity of a page: lower-case scheme/host, default port, no tracking params, sorted query, no fragment. */
export function canonicalUrl(raw: string, base?: string): string | undefined {
  const cleaned = cleanUrl(raw, base);
  if (!cleaned) return undefined;
  return canonicalize(new URL(cleaned), cleaned);
}

/**
 * A link's cleaned and canonical forms from one parse: the same strings as `cleanUrl(raw, base)`
 * and `canonicalUrl(cleanUrl(raw, base))` (parsing a cleaned URL's own text gives the same URL
 * back, so the canonical form is computed on the parsed object instead of re-parsing it).
 */
export function urlForms(raw: string, base?: string): { url: string; canonicalUrl: string } | undefined {
  const u = parseCleanUrl(raw, base);
  if (!u) return undefined;
  const url = u.toString();
  return { url, canonicalUrl: canonicalize(u, url) };
}

const BLOCK_TAGS = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|pre|hr)\b[^>]*>/gi;

/** Plain text from an HTML fragment: scripts/styles dropped, tags removed, entities decoded, whitespace collapsed. */
export function htmlToText(html: string, maxLength = 600): string {
  let s = html.length > 200_000 ? html.slice(0, 200_000) : html;
  // Every step below but the last bracket removal acts only on "<" or "&": plain text skips them.
  if (s.includes('<')) {
    if (s.includes('<![')) s = s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
    s = s.replace(/<(script|style|noscript|iframe|template|svg|math)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
    if (s.includes('<!--')) s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
    s = s.replace(BLOCK_TAGS, ' ');
    s = s.replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '');
  }
  if (s.includes('&')) s = decodeHTMLStrict(s);
  // Decoding can reveal markup that was entity-escaped ("&lt;script&gt;"): strip again, then drop stray brackets.
  if (s.includes('<')) s = s.replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ').replace(/<\/?[a-zA-Z][^>]*(?:>|$)/g, '');
  s = s.replace(/[<>]/g, ' ');
  s = stripControls(s).replace(/\s+/g, ' ').trim();
  return truncate(s, maxLength);
}

/** Removes control and bidi-override characters that could disturb a chat or terminal. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
}

/** Shortens at a word boundary with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd()}…`;
}

/** Cleans a headline: text only, no mass mentions, no trailing site name, at most 300 characters. */
export function cleanTitle(raw: string): string {
  let t = htmlToText(raw, 1000);
  t = t.replace(/@(everyone|here)\b/gi, '@\u200b$1');
  t = t.replace(/\s+[|–—-]\s+(?:CoinDesk|Cointelegraph|The Block|Decrypt|Reuters|Bloomberg|Ledger Insights)\s*$/i, '');
  return truncate(t, 300);
}

/** A publication time as ISO, or undefined when missing, unparsable or implausible. */
export function parseDate(raw: string | undefined, now: Date): string | undefined {
  if (!raw) return undefined;
  const ms = Date.parse(raw.trim());
  if (!Number.isFinite(ms)) return undefined;
  if (ms > now.getTime() + 10 * 60_000) return undefined; // in the future: distrust it
  if (ms < Date.UTC(1995, 0, 1)) return undefined;
  return new Date(ms).toISOString();
}

/** Turns a raw entry into a NormalizedItem, or undefined when it has no usable link or title. */
export function normalizeItem(
  raw: RawItem,
  ctx: { sourceId: string; feedUrl: string; now: Date; language?: string },
): NormalizedItem | undefined {
  const link = raw.link ?? (raw.guid && /^https?:\/\//i.test(raw.guid) ? raw.guid : undefined);
  if (!link) return undefined;
  const forms = urlForms(link, ctx.feedUrl);
  if (!forms) return undefined;
  const { url, canonicalUrl: canon } = forms;
  const summary = raw.summary ? htmlToText(raw.summary) : '';
  let title = raw.title ? cleanTitle(raw.title) : '';
  if (!title) title = truncate(summary, 120);
  if (!title) return undefined;
  const firstSeenAt = ctx.now.toISOString();
  const language = raw.language ?? ctx.language;
  const guid = raw.guid?.trim().slice(0, 500);
  return {
    sourceId: ctx.sourceId,
    ...(guid ? { guid } : {}),
    url,
    canonicalUrl: canon,
    title,
    summary,
    publishedAt: parseDate(raw.published, ctx.now) ?? firstSeenAt,
    firstSeenAt,
    ...(language ? { language } : {}),
  };
}
