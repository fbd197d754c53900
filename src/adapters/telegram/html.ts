/**
 * Telegram HTML building blocks: escaping and a tiny run/block model that can be cut into
 * messages without ever producing unbalanced tags. Everything from data passes through here;
 * stripping unsafe characters and vetting links is shared (core/text-safety), escaping is ours.
 */

/** Telegram's hard limit for one message; we keep the HTML source itself within it. */
export const MESSAGE_LIMIT = 4096;

/** Escapes text for Telegram HTML: only `<`, `>`, `&` (and `"` in attributes) are special. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (we always quote attributes with `"`). */
export function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;');
}

/** A stretch of text with one style. `text` is raw (unescaped) data. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Already checked with safeHttpUrl (core/text-safety). */
  href?: string;
}

/** A paragraph or line; `gap` is what separates it from the previous block. */
export interface Block {
  runs: Run[];
  gap: '\n' | '\n\n';
  /** A heading: never left alone at the end of a message. */
  keepWithNext?: boolean;
}

function openTags(run: Run): string {
  return `${run.href ? `<a href="${escapeAttr(run.href)}">` : ''}${run.bold ? '<b>' : ''}${run.italic ? '<i>' : ''}`;
}

function closeTags(run: Run): string {
  return `${run.italic ? '</i>' : ''}${run.bold ? '</b>' : ''}${run.href ? '</a>' : ''}`;
}

/** HTML of one run: tags are ours, the text is escaped. */
export function runHtml(run: Run): string {
  if (!run.text) return '';
  return `${openTags(run)}${escapeHtml(run.text)}${closeTags(run)}`;
}

/** HTML of a block's runs. */
export function blockHtml(block: Block): string {
  return block.runs.map(runHtml).join('');
}

function escapedLength(ch: string): number {
  return ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
}

/**
 * Where to cut `text` so its escaped form fits `budget`: a newline or space in the second half when
 * there is one, never inside a surrogate pair, and always at least one character.
 */
export function cutPoint(text: string, budget: number): number {
  let used = 0;
  let n = 0;
  for (const ch of text) {
    const len = escapedLength(ch);
    if (used + len > budget) break;
    used += len;
    n += ch.length;
  }
  if (n >= text.length) return text.length;
  if (n === 0) return Math.min(text.length, text.codePointAt(0)! > 0xffff ? 2 : 1);
  const half = Math.floor(n / 2);
  const nl = text.lastIndexOf('\n', n - 1);
  if (nl >= half) return nl + 1;
  const sp = text.lastIndexOf(' ', n - 1);
  if (sp >= half) return sp + 1;
  return n;
}

/** Splits one run into runs whose HTML each fits `limit` (tags repeated on every piece). */
export function splitRun(run: Run, limit: number): Run[] {
  let r = run;
  let overhead = openTags(r).length + closeTags(r).length;
  if (overhead > limit / 2 && r.href) {
    r = { ...r, href: undefined };
    overhead = openTags(r).length + closeTags(r).length;
  }
  const budget = limit - overhead;
  const out: Run[] = [];
  let rest = r.text;
  while (rest.length > 0) {
    const n = cutPoint(rest, budget);
    out.push({ ...r, text: rest.slice(0, n) });
    rest = rest.slice(n);
  }
  return out;
}

/**
 * Packs blocks into messages of at most `limit` characters of HTML, breaking between blocks when it
 * can and inside a block (between runs, then inside a run's text) only when a block is too long.
 */
export function packBlocks(blocks: Block[], limit = MESSAGE_LIMIT): string[] {
  const messages: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur.trim()) messages.push(cur.trim());
    cur = '';
  };
  const place = (block: Block): void => {
    const html = blockHtml(block);
    if (!html) return;
    const joined = cur ? `${cur}${block.gap}${html}` : html;
    if (joined.length <= limit) {
      cur = joined;
      return;
    }
    flush();
    if (html.length <= limit) {
      cur = html;
      return;
    }
    for (const piece of block.runs.flatMap((r) => splitRun(r, limit))) {
      const h = runHtml(piece);
      if (cur.length + h.length > limit) flush();
      cur += h;
    }
  };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    if (block.keepWithNext && next && cur) {
      // Start a new message rather than leave a heading at the bottom of this one.
      const pair = `${blockHtml(block)}${next.gap}${blockHtml(next)}`;
      if (`${cur}${block.gap}${pair}`.length > limit && pair.length <= limit) flush();
    }
    place(block);
  }
  flush();
  return messages;
}
