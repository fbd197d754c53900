/**
 * Reply → plain text for a terminal: sources as bare URLs, dispute flags spelled out, and every
 * control character from data removed so a feed cannot drive the terminal.
 */
import { sanitizeText } from '../../core/text-safety.js';
import { collectSources, statusLabel, type Reply, type ReplyItem, type SourceLink } from '../../core/reply.js';

/** Removes terminal control characters (ESC, BEL, C0/C1 controls, bidi overrides); tabs become spaces. */
export function stripControl(s: string): string {
  return sanitizeText(s).replace(/\t/g, ' ');
}

function sourceText(s: SourceLink): string {
  const meta = [s.publisher, s.date].filter(Boolean).join(', ');
  return `${stripControl(s.title)}${meta ? ` (${stripControl(meta)})` : ''} — ${stripControl(s.url)}`;
}

function itemText(item: ReplyItem): string {
  const label = statusLabel(item.status);
  const parts = [
    item.date ? `[${stripControl(item.date)}] ` : '',
    label ? `${label}: ` : '',
    stripControl(item.text),
    item.note ? ` (${stripControl(item.note)})` : '',
  ];
  let line = `  • ${parts.join('')}`;
  if (item.source) line += `\n    ${stripControl(item.source.url)}`;
  return line;
}

/** Renders a Reply as plain text lines. */
export function renderPlain(reply: Reply): string {
  const out: string[] = [];
  if (reply.title) out.push(`${reply.kind === 'error' ? '✖ ' : ''}${stripControl(reply.title)}`, '');
  if (reply.text) out.push(stripControl(reply.text), '');
  for (const section of reply.sections ?? []) {
    if (section.title) out.push(stripControl(section.title));
    for (const item of section.items) out.push(itemText(item));
    out.push('');
  }
  for (const f of reply.fields ?? []) {
    const value = stripControl(f.value);
    out.push(value.includes('\n') ? `${stripControl(f.name)}:\n  ${value.split('\n').join('\n  ')}` : `${stripControl(f.name)}: ${value}`);
  }
  if (reply.fields?.length) out.push('');
  const sources = collectSources(reply);
  if (sources.length) {
    out.push('Sources:');
    sources.forEach((s, i) => out.push(`  ${i + 1}. ${sourceText(s)}`));
    out.push('');
  }
  const tail: string[] = [];
  if (reply.asOf) tail.push(`As of ${stripControl(reply.asOf)}`);
  if (reply.pagination && reply.pagination.pageCount > 1) {
    const p = reply.pagination;
    const args = Object.entries(p.args)
      .map(([k, v]) => {
        const value = stripControl(String(v));
        return ` ${stripControl(k)}:${/\s/.test(value) ? JSON.stringify(value) : value}`;
      })
      .join('');
    tail.push(`Page ${p.page}/${p.pageCount}${p.page < p.pageCount ? ` — next: /${stripControl(p.command)}${args} page:${p.page + 1}` : ''}`);
  }
  if (reply.footer) tail.push(stripControl(reply.footer));
  if (tail.length) out.push(tail.join(' · '));
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
