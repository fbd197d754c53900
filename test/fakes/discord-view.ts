/**
 * How a Discord user sees a message body: plain text (markdown resolved, escapes removed),
 * the links in it, whether it looks like an error; and a validator of every Discord limit.
 */
import { COLORS } from '../../src/adapters/discord/render.js';

interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}
interface Button {
  type: number;
  label?: string;
  custom_id?: string;
}
/** A message body as sent by the bot. */
export interface MessageBody {
  content?: string;
  embeds?: Embed[];
  components?: Array<{ type: number; components: Button[] }>;
  allowed_mentions?: { parse?: string[] };
  flags?: number;
}

/** Resolves Discord markdown: escapes, emphasis markers and masked links (URLs collected). */
export function markdownToText(md: string, links: string[] = []): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const ch = md[i]!;
    if (ch === '\\' && i + 1 < md.length && /[^\sA-Za-z0-9]/.test(md[i + 1]!)) {
      out += md[++i];
    } else if (ch === '*' || ch === '_' || ch === '~' || ch === '`') {
      continue;
    } else if (ch === '[') {
      const m = /^\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/.exec(md.slice(i));
      if (m) {
        links.push(m[2]!);
        out += markdownToText(m[1]!, links);
        i += m[0].length - 1;
      } else out += ch;
    } else out += ch;
  }
  return out.replace(/\u200b/g, '');
}

/** Everything a user sees in one message, as plain text, with its links. */
export function viewMessage(body: MessageBody): { text: string; links: string[]; isError: boolean } {
  const links: string[] = [];
  const parts: string[] = [];
  if (body.content) parts.push(markdownToText(body.content, links));
  for (const e of body.embeds ?? []) {
    if (e.title) parts.push(markdownToText(e.title, links));
    if (e.url) links.push(e.url);
    if (e.description) parts.push(markdownToText(e.description, links));
    for (const f of e.fields ?? []) parts.push(`${markdownToText(f.name, links)}\n${markdownToText(f.value, links)}`);
    if (e.footer) parts.push(e.footer.text.replace(/\u200b/g, ''));
  }
  const isError = (body.embeds ?? []).some((e) => e.color === COLORS.error);
  return { text: parts.join('\n'), links, isError };
}

/** Every broken Discord limit in a message body (empty when it is valid). */
export function limitProblems(body: MessageBody): string[] {
  const p: string[] = [];
  if (!body.allowed_mentions || !Array.isArray(body.allowed_mentions.parse) || body.allowed_mentions.parse.length !== 0) {
    p.push('allowed_mentions.parse must be []');
  }
  if ((body.content ?? '').length > 2000) p.push('content > 2000');
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) p.push('more than 10 embeds');
  let total = 0;
  embeds.forEach((e, i) => {
    const fields = e.fields ?? [];
    if (!e.title && !e.description && fields.length === 0) p.push(`embed ${i} is empty`);
    if ((e.title ?? '').length > 256) p.push(`embed ${i} title > 256`);
    if ((e.description ?? '').length > 4096) p.push(`embed ${i} description > 4096`);
    if (fields.length > 25) p.push(`embed ${i} has > 25 fields`);
    for (const f of fields) {
      if (!f.name || f.name.length > 256) p.push(`embed ${i} field name length ${f.name.length}`);
      if (!f.value || f.value.length > 1024) p.push(`embed ${i} field value length ${f.value.length}`);
      total += f.name.length + f.value.length;
    }
    if ((e.footer?.text ?? '').length > 2048) p.push(`embed ${i} footer > 2048`);
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  });
  if (total > 6000) p.push(`embeds total ${total} > 6000`);
  for (const row of body.components ?? []) {
    if (row.components.length > 5) p.push('more than 5 components in a row');
    for (const b of row.components) {
      if ((b.custom_id ?? '').length > 100) p.push(`custom_id > 100: ${b.custom_id}`);
      if ((b.label ?? '').length > 80) p.push('button label > 80');
    }
  }
  if ((body.components ?? []).length > 5) p.push('more than 5 action rows');
  return p;
}

/** Message bodies the bot sent in recorded requests (callbacks, edits, followups, channel posts). */
export function sentMessages(requests: Array<{ method: string; path: string; body: unknown }>): MessageBody[] {
  const out: MessageBody[] = [];
  for (const r of requests) {
    const b = r.body as { type?: number; data?: MessageBody } & MessageBody;
    if (!b || typeof b !== 'object') continue;
    if (/\/callback$/.test(r.path)) {
      if ((b.type === 4 || b.type === 7) && b.data) out.push(b.data);
    } else if (/^\/webhooks\//.test(r.path) && r.method !== 'DELETE') out.push(b);
    else if (/^\/channels\/\d+\/messages$/.test(r.path)) out.push(b);
  }
  return out;
}
