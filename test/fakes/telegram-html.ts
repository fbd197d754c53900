/**
 * A strict checker of Telegram's HTML parse mode for the fake Bot API and the renderer's tests:
 * only the tags Telegram supports, properly nested, `<`, `>` and `&` escaped outside tags, only the
 * named entities Telegram knows. Returns the visible text and the links, or throws like the API.
 */

/** Tags Telegram's HTML mode accepts, with the attributes each may carry. */
const ALLOWED: Record<string, readonly string[]> = {
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  ins: [],
  s: [],
  strike: [],
  del: [],
  span: ['class'],
  'tg-spoiler': [],
  a: ['href'],
  'tg-emoji': ['emoji-id'],
  code: ['class'],
  pre: [],
  blockquote: ['expandable'],
};

/** The text a user would see and the links it carries. */
export interface ParsedHtml {
  text: string;
  links: string[];
  tags: string[];
}

/** Thrown for HTML Telegram would refuse; the message mirrors the API's. */
export class HtmlError extends Error {
  override readonly name = 'HtmlError';
}

function decodeEntity(ref: string): string | undefined {
  if (ref === 'lt') return '<';
  if (ref === 'gt') return '>';
  if (ref === 'amp') return '&';
  if (ref === 'quot') return '"';
  const m = /^#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}))$/.exec(ref);
  if (!m) return undefined;
  const cp = m[1] ? parseInt(m[1], 16) : Number(m[2]);
  return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
}

function decodeText(s: string, at: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '&') {
      const m = /^&([a-zA-Z]+|#x?[0-9a-fA-F]+);/.exec(s.slice(i));
      const dec = m ? decodeEntity(m[1]!) : undefined;
      if (!m || dec === undefined) throw new HtmlError(`Bad Request: can't parse entities: Unsupported or unescaped "&" at byte offset ${at + i}`);
      out += dec;
      i += m[0].length - 1;
    } else if (ch === '<' || ch === '>') {
      throw new HtmlError(`Bad Request: can't parse entities: Unescaped "${ch}" at byte offset ${at + i}`);
    } else out += ch;
  }
  return out;
}

/** Parses Telegram HTML; throws HtmlError for anything the Bot API would reject. */
export function parseTelegramHtml(html: string): ParsedHtml {
  const stack: string[] = [];
  const links: string[] = [];
  const tags = new Set<string>();
  let text = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const chunkEnd = lt === -1 ? html.length : lt;
    text += decodeText(html.slice(i, chunkEnd), i);
    if (lt === -1) break;
    const rest = html.slice(lt);
    const close = /^<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/.exec(rest);
    if (close) {
      const name = close[1]!.toLowerCase();
      if (stack[stack.length - 1] !== name) throw new HtmlError(`Bad Request: can't parse entities: Unmatched end tag at byte offset ${lt}, expected "</${stack[stack.length - 1] ?? ''}>", found "</${name}>"`);
      stack.pop();
      i = lt + close[0].length;
      continue;
    }
    const open = /^<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/.exec(rest);
    if (!open) throw new HtmlError(`Bad Request: can't parse entities: Unclosed start tag at byte offset ${lt}`);
    const name = open[1]!.toLowerCase();
    const allowed = ALLOWED[name];
    if (!allowed) throw new HtmlError(`Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${lt}`);
    const top = stack[stack.length - 1];
    if (top === 'pre' && name !== 'code') throw new HtmlError(`Bad Request: can't parse entities: tag "${name}" inside <pre>`);
    if (top === 'code') throw new HtmlError(`Bad Request: can't parse entities: tag "${name}" inside <code>`);
    if (name === 'a' && stack.includes('a')) throw new HtmlError(`Bad Request: can't parse entities: nested links`);
    const attrs: Record<string, string> = {};
    for (const a of (open[2] ?? '').matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      const key = a[1]!.toLowerCase();
      if (!allowed.includes(key)) throw new HtmlError(`Bad Request: can't parse entities: Unsupported attribute "${key}" of tag "${name}"`);
      attrs[key] = decodeText(a[2] ?? a[3] ?? a[4] ?? '', lt);
    }
    if (name === 'a') {
      const href = attrs.href;
      if (!href || !/^(https?:\/\/|tg:\/\/)\S+$/i.test(href)) throw new HtmlError(`Bad Request: can't parse entities: bad link "${href ?? ''}"`);
      links.push(href);
    }
    if (name === 'span' && attrs.class !== 'tg-spoiler') throw new HtmlError('Bad Request: can\'t parse entities: span needs class="tg-spoiler"');
    tags.add(name);
    stack.push(name);
    i = lt + open[0].length;
  }
  if (stack.length) throw new HtmlError(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { text, links, tags: [...tags] };
}
