/**
 * Reply → Discord messages with embeds, within every Discord limit. Long answers continue in
 * further embeds and messages (split between words, never dropped); sources become links and
 * the as-of date goes in the footer. Everything from data is escaped.
 */
import { collectSources, statusLabel, type Reply, type ReplyItem } from '../../core/reply.js';
import { escapeInline, escapeMarkdown, markdownLink, plainInline, shorten } from './escape.js';
import { pageButtons, type ActionRowJson } from './pagination.js';
import { splitText } from './split.js';

/** Discord's message and embed limits (characters). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
  content: 2000,
} as const;

/** Embed colours: answers and errors look different at a glance. */
export const COLORS = { answer: 0x2f6fdb, error: 0xd93f3f } as const;

/** Longest footer text kept in the footer; a longer closing line moves into the description. */
const FOOTER_TEXT_MAX = 1000;
/**
 * Room kept in every embed and message for the "As of … · Part i/n" footer that every message of
 * a multi-message answer carries (the as-of text is capped at 100 characters).
 */
const PART_RESERVE = 130;
/** Per-embed and per-message character budget once that room is kept. */
const TOTAL_BUDGET = LIMITS.embedTotal - PART_RESERVE;

/** An embed as sent in the API. */
export interface EmbedJson {
  title?: string;
  description?: string;
  color?: number;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
}

/** One message body as sent to Discord (interaction reply, followup, or channel post). */
export interface DiscordMessage {
  content?: string;
  embeds: EmbedJson[];
  components?: ActionRowJson[];
  allowed_mentions: { parse: [] };
}

export interface RenderOptions {
  /** Adds stateless page buttons bound to this user (interactions); channel posts have none. */
  pageOwner?: { userId: string; issuedAt: Date };
  /** A ready page-button row (see pageRow, which may store the cursor); wins over pageOwner. */
  pageRow?: ActionRowJson;
}

type Field = NonNullable<EmbedJson['fields']>[number];

function itemLine(item: ReplyItem): string {
  const label = statusLabel(item.status);
  let line = '• ';
  if (item.date) line += `**${escapeInline(item.date)}** — `;
  if (label) line += `**${label}:** `;
  line += escapeInline(item.text);
  if (item.note) line += ` _\\(${escapeInline(item.note)}\\)_`;
  if (item.source) line += ` — ${markdownLink(item.source.title, item.source.url)}`;
  return line;
}

function sourceLines(reply: Reply): string[] {
  return collectSources(reply).map((s, i) => {
    const meta = [s.publisher, s.date].filter((x): x is string => Boolean(x)).map(escapeInline).join(', ');
    return `${i + 1}\\. ${markdownLink(s.title, s.url)}${meta ? ` — ${meta}` : ''}`;
  });
}

/** Title cut to fit 256 characters after escaping; the full title then opens the description. */
function fitTitle(raw: string): { title: string; cut: boolean } {
  const full = escapeInline(raw);
  if (full.length <= LIMITS.title) return { title: full, cut: false };
  let max = LIMITS.title;
  let title = escapeInline(shorten(raw, max));
  while (title.length > LIMITS.title && max > 10) {
    max -= Math.max(1, title.length - LIMITS.title);
    title = escapeInline(shorten(raw, max));
  }
  return { title, cut: true };
}

/** "As of <date>" (capped), shown in the footer of every message of an answer. */
function asOfText(reply: Reply): string | undefined {
  return reply.asOf ? shorten(`As of ${plainInline(reply.asOf)}`, 100) : undefined;
}

function footerText(reply: Reply, footerInDescription: boolean): string | undefined {
  const parts: string[] = [];
  const asOf = asOfText(reply);
  if (asOf) parts.push(asOf);
  const p = reply.pagination;
  if (p && p.pageCount > 1) parts.push(`Page ${p.page}/${p.pageCount}`);
  if (reply.footer && !footerInDescription) parts.push(plainInline(reply.footer));
  const text = parts.join(' · ');
  return text ? shorten(text, LIMITS.footer) : undefined;
}

function embedSize(e: EmbedJson): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Fields that fit Discord's field limits stay fields; others become description text. */
function splitFields(reply: Reply): { fields: Field[]; asText: string[] } {
  const fields: Field[] = [];
  const asText: string[] = [];
  for (const f of reply.fields ?? []) {
    const name = escapeInline(f.name) || '\u200b';
    const value = escapeMarkdown(f.value) || '\u200b';
    if (name.length <= LIMITS.fieldName && value.length <= LIMITS.fieldValue) fields.push({ name, value, inline: f.inline ?? false });
    else asText.push('', `**${escapeInline(f.name)}**`, value);
  }
  const sources = sourceLines(reply);
  if (sources.length) {
    const chunks = splitText(sources.join('\n'), LIMITS.fieldValue);
    chunks.forEach((value, i) => fields.push({ name: i === 0 ? 'Sources' : 'Sources (continued)', value, inline: false }));
  }
  return { fields, asText };
}

function bodyLines(reply: Reply, titleCut: boolean, fieldText: string[], footerInDescription: boolean): string[] {
  const lines: string[] = [];
  if (titleCut && reply.title) lines.push(`**${escapeInline(reply.title)}**`, '');
  if (reply.text) lines.push(escapeMarkdown(reply.text), '');
  for (const section of reply.sections ?? []) {
    if (section.title) lines.push(`**${escapeInline(section.title)}**`);
    for (const item of section.items) lines.push(itemLine(item));
    lines.push('');
  }
  lines.push(...fieldText);
  if (footerInDescription && reply.footer) lines.push('', escapeMarkdown(reply.footer));
  return lines;
}

/** Builds the embeds of a reply, each within the per-embed limits. */
export function renderEmbeds(reply: Reply): EmbedJson[] {
  const color = reply.kind === 'error' ? COLORS.error : COLORS.answer;
  const footerInDescription = (reply.footer?.length ?? 0) > FOOTER_TEXT_MAX;
  const { title, cut } = reply.title ? fitTitle(reply.title) : { title: undefined, cut: false };
  const { fields, asText } = splitFields(reply);
  const text = bodyLines(reply, cut, asText, footerInDescription).join('\n').trim();
  const footer = footerText(reply, footerInDescription);
  const footerReserve = footer?.length ?? 0;

  const embeds: EmbedJson[] = splitText(text, LIMITS.description).map((description) => ({ description, color }));
  if (embeds.length === 0) embeds.push({ color, ...(title || fields.length ? {} : { description: 'No details to show.' }) });
  if (title) embeds[0]!.title = title;

  let current = embeds[embeds.length - 1]!;
  for (const f of fields) {
    const size = embedSize(current) + footerReserve + f.name.length + f.value.length;
    if ((current.fields?.length ?? 0) >= LIMITS.fields || size > TOTAL_BUDGET) {
      current = { color, fields: [] };
      embeds.push(current);
    }
    (current.fields ??= []).push(f);
  }
  if (footer) embeds[embeds.length - 1]!.footer = { text: footer };
  return embeds;
}

/**
 * Renders a reply as one or more messages. The first message carries the page buttons; the
 * rest are continuations (interaction followups, or further channel posts).
 */
export function renderReply(reply: Reply, opts: RenderOptions = {}): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: DiscordMessage | undefined;
  let total = 0;
  for (const embed of renderEmbeds(reply)) {
    const size = embedSize(embed);
    if (!current || current.embeds.length >= LIMITS.embeds || total + size > TOTAL_BUDGET) {
      current = { embeds: [], allowed_mentions: { parse: [] } };
      messages.push(current);
      total = 0;
    }
    current.embeds.push(embed);
    total += size;
  }
  const first = messages[0]!;
  if (opts.pageRow && reply.pagination) first.components = [opts.pageRow];
  else if (opts.pageOwner && reply.pagination) {
    const row = pageButtons(reply.pagination, opts.pageOwner.userId, opts.pageOwner.issuedAt);
    if (row) first.components = [row];
  }
  if (messages.length > 1) {
    const asOf = asOfText(reply);
    messages.forEach((m, i) => {
      const last = m.embeds[m.embeds.length - 1]!;
      const mark = `Part ${i + 1}/${messages.length}`;
      // The final message already has the full footer; earlier ones get the as-of date too.
      const base = last.footer?.text ?? asOf;
      last.footer = { text: base ? shorten(`${base} · ${mark}`, LIMITS.footer) : mark };
    });
  }
  return messages;
}
