/**
 * Making data safe for Discord markdown: every character that could start formatting, a link,
 * a mention or a list is escaped, mass mentions are broken, and only http(s) URLs become links.
 * Stripping unsafe characters and vetting URLs is shared with every renderer (core/text-safety);
 * the escaping here is Discord's own.
 */
import { MAX_LINK_URL, safeHttpUrl, sanitizeText } from '../../core/text-safety.js';

export { MAX_LINK_URL } from '../../core/text-safety.js';

/** Zero-width space: breaks `@everyone` / `@here` so it can never ping, even where mentions render. */
export const ZWSP = '\u200b';

/** Breaks `@everyone`, `@here` and similar mass mentions with a zero-width space. */
export function breakMentions(s: string): string {
  return s.replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}

/**
 * Escapes text for places where Discord renders markdown (titles, descriptions, field values):
 * emphasis, code, spoilers, quotes, headings, lists, masked links and `<@id>` mentions.
 */
export function escapeMarkdown(input: string): string {
  const s = breakMentions(sanitizeText(input));
  // Escaped everywhere (not only at line starts) because long text may be split across embeds.
  return s.replace(/[\\*_~`|>#[\]()<+-]/g, (ch) => `\\${ch}`).replace(/(\d)\.(?=\s)/g, '$1\\.');
}

/** Escapes a one-line text: newlines become spaces first (list items, link texts). */
export function escapeInline(input: string): string {
  return escapeMarkdown(input.replace(/[\r\n]+/g, ' '));
}

/** Plain text for places where Discord shows text literally (footer, button labels). */
export function plainInline(input: string): string {
  return breakMentions(sanitizeText(input).replace(/\n+/g, ' ')).replace(/<([@#])/g, `<${ZWSP}$1`);
}

/**
 * Returns a link-safe form of an http(s) URL (the shared safeHttpUrl check, then parentheses
 * percent-encoded so a masked link cannot be closed early), or undefined for anything else
 * (javascript:, relative, credentials, too long).
 */
export function safeUrl(raw: string): string | undefined {
  const href = safeHttpUrl(raw)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return href && href.length <= MAX_LINK_URL ? href : undefined;
}

/** Longest link text shown; longer titles end with an ellipsis (visible, never silent). */
export const MAX_LINK_TEXT = 200;

/** Cuts a plain string at a word boundary within `max` characters, adding `…` when cut. */
export function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const at = cut.search(/\s\S*$/);
  const base = at > max / 2 ? cut.slice(0, at) : cut;
  return `${safeEnd(base)}…`;
}

/** Drops a trailing lone high surrogate so a cut never splits an emoji or CJK extension char. */
export function safeEnd(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, -1) : s;
}

/** A masked link `[title](url)`, or the escaped title with a visible note when the URL is unusable. */
export function markdownLink(title: string, rawUrl: string): string {
  const text = escapeInline(shorten(sanitizeText(title).trim() || 'link', MAX_LINK_TEXT));
  const url = safeUrl(rawUrl);
  return url ? `[${text}](${url})` : `${text} (link not shown: not a usable web address)`;
}
