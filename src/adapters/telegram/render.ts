/**
 * Reply → Telegram HTML messages: bold titles, dated and flagged items, sources as links, the as-of
 * date, each message within 4096 characters and split between paragraphs. Data is always escaped.
 */
import { collectSources, statusLabel, type Reply, type ReplyItem, type SourceLink } from '../../core/reply.js';
import { breakUserMentions, safeHttpUrl, sanitizeText } from '../../core/text-safety.js';
import { MESSAGE_LIMIT, packBlocks, type Block, type Run } from './html.js';

/** Marks error replies so a reader (and the contract driver) can tell them apart at a glance. */
export const ERROR_MARK = '⚠️';

function t(s: string | undefined): string {
  return telegramCommandNames(breakUserMentions(sanitizeText(s ?? '').trim()));
}

/**
 * Telegram only makes `/[a-z0-9_]+` tappable, so `/china-blockchain` in help text or hints would
 * become a link to `/china`. Mentions of hyphenated commands are written in their Telegram form.
 */
export function telegramCommandNames(text: string): string {
  return text.replace(/(^|[\s(])\/([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?=$|[\s.,;:!?)@])/g, (_m, pre: string, name: string) => `${pre}/${name.replace(/-/g, '_')}`);
}

function line(runs: Run[], gap: Block['gap'] = '\n'): Block {
  return { runs: runs.filter((r) => r.text), gap };
}

function link(text: string, url: string): Run {
  const href = safeHttpUrl(url);
  return href ? { text, href } : { text: `${text} (${t(url)})` };
}

function itemBlock(item: ReplyItem): Block {
  const runs: Run[] = [{ text: '• ' }];
  if (item.date) runs.push({ text: `[${t(item.date)}] `, italic: true });
  const label = statusLabel(item.status);
  if (label) runs.push({ text: `${label}: `, bold: true });
  runs.push({ text: t(item.text) });
  if (item.note) runs.push({ text: ` (${t(item.note)})`, italic: true });
  if (item.source) {
    runs.push({ text: ' — ' });
    runs.push(link(t(item.source.title) || 'source', item.source.url));
  }
  return line(runs);
}

function sourceBlock(s: SourceLink, i: number): Block {
  const meta = [t(s.publisher), t(s.date)].filter(Boolean).join(', ');
  return line([{ text: `${i + 1}. ` }, link(t(s.title) || t(s.url), s.url), { text: meta ? ` (${meta})` : '' }]);
}

/** The blocks of a reply in reading order (exported for tests and other renderers). */
export function replyBlocks(reply: Reply): Block[] {
  const blocks: Block[] = [];
  const para = (runs: Run[], keepWithNext = false): void => {
    blocks.push({ ...line(runs, '\n\n'), ...(keepWithNext ? { keepWithNext } : {}) });
  };
  const isError = reply.kind === 'error';
  if (reply.title || isError) para([{ text: `${isError ? `${ERROR_MARK} ` : ''}${t(reply.title) || 'Error'}`, bold: true }]);
  if (reply.text) para([{ text: t(reply.text) }]);
  for (const section of reply.sections ?? []) {
    if (!section.items.length && !section.title) continue;
    if (section.title) para([{ text: t(section.title), bold: true }], section.items.length > 0);
    section.items.forEach((item, i) => {
      const b = itemBlock(item);
      blocks.push(i === 0 && !section.title ? { ...b, gap: '\n\n' } : b);
    });
  }
  (reply.fields ?? []).forEach((f, i) => {
    const b = line([{ text: `${t(f.name)}: `, bold: true }, { text: t(f.value) }]);
    blocks.push(i === 0 ? { ...b, gap: '\n\n' } : b);
  });
  const sources = collectSources(reply);
  if (sources.length) {
    para([{ text: 'Sources', bold: true }], true);
    sources.forEach((s, i) => blocks.push(sourceBlock(s, i)));
  }
  const tail: string[] = [];
  if (reply.asOf) tail.push(`As of ${t(reply.asOf)}`);
  const p = reply.pagination;
  if (p && p.pageCount > 1) tail.push(`Page ${p.page}/${p.pageCount}`);
  if (tail.length) para([{ text: tail.join(' · '), italic: true }]);
  if (reply.footer) para([{ text: t(reply.footer), italic: true }]);
  return blocks.filter((b) => b.runs.length > 0);
}

/**
 * Renders a reply as one or more HTML messages (parse_mode HTML), each ≤ `limit` characters of
 * markup, split at paragraph boundaries. Never returns an empty list.
 */
export function renderReply(reply: Reply, limit = MESSAGE_LIMIT): string[] {
  const messages = packBlocks(replyBlocks(reply), limit);
  return messages.length ? messages : ['(empty answer)'];
}
