/**
 * One definition of "safe text" and "safe link" for every renderer (console, Discord, Telegram)
 * and for feed normalisation, so that all platforms strip and refuse the same things.
 */

// C0/C1 controls except \t and \n, CR, bidi embeddings/overrides/isolates, BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes control characters (keeping newline and tab), bidi override/isolate marks that can
 * disguise text, and the BOM; replaces lone surrogates with U+FFFD. CRLF/CR become LF.
 */
export function sanitizeText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(UNSAFE_CHARS, '').replace(LONE_SURROGATE, '\ufffd');
}

/** Longest URL any renderer turns into a link. */
export const MAX_LINK_URL = 1024;

/**
 * The normalised href of an absolute http(s) URL without credentials, at most MAX_LINK_URL long;
 * undefined for anything else (javascript:, data:, relative, user:pass@, too long, unparsable).
 */
export function safeHttpUrl(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!/^https?:\/\//i.test(trimmed) || /[\s<>"]/.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || !url.hostname) return undefined;
  return url.href.length <= MAX_LINK_URL ? url.href : undefined;
}

// Characters that are invisible yet split words: zero-width space/joiners, word joiner, soft hyphen,
// Mongolian vowel separator, invisible math operators, BOM.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/g;
// Whitespace-like controls (tab, LF, VT, FF, CR, NEL) and the line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL_SPACE = /[\t\n\u000b\u000c\r\u0085\u2028\u2029]/g;

/**
 * Normalises typed command input before it is matched: NFKC (full-width letters, ligatures),
 * controls, bidi marks, zero-width characters and soft hyphens removed, so `Ch\u200bina` is `China`.
 * Whitespace-like controls become spaces; runs of spaces are kept for the tokenizer.
 */
export function normalizeInput(s: string): string {
  return sanitizeText(s.replace(CONTROL_SPACE, ' ')).replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * User input as quoted back in a message: normalised, on one line, at most `max` characters
 * (an ellipsis marks the cut). Every echo of user input goes through this.
 */
export function echoInput(s: string, max = 60): string {
  const one = normalizeInput(s).replace(/\s+/g, ' ').trim();
  const chars = Array.from(one);
  return chars.length <= max ? one : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Breaks `@name` mentions (and `@everyone`/`@here`) with a zero-width space after the `@`, so
 * text from users or feeds never notifies anyone where a platform turns `@name` into a mention.
 * Addresses and URL paths (`a@b.org`, `/@user`) are left alone.
 */
export function breakUserMentions(s: string): string {
  return s.replace(/(^|[^\w/@.])@(?=[A-Za-z0-9_])/g, '$1@\u200b');
}
