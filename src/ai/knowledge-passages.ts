/**
 * Every curated fact of the knowledge store as a Passage: summaries, milestones, figures, tracker
 * snapshots, rankings and timeline events, each with a stable id, its sources and search keywords
 * (entity names and aliases in every language, so 数字人民币 finds the e-CNY facts).
 */
import { createHash } from 'node:crypto';
import type { SourceLink } from '../core/reply.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Source } from '../knowledge/schema.js';
import type { Passage } from './passages.js';

function link(s: Source): SourceLink {
  return { title: s.title, url: s.url, publisher: s.publisher, ...(s.date ? { date: s.date } : {}) };
}

interface FactShape {
  text: string;
  date?: string | undefined;
  as_of: string;
  status: Passage['status'];
  note?: string | undefined;
  sources: Source[];
}

function passage(id: string, f: FactShape, extra: { text?: string; keywords: string; command: string }): Passage {
  return {
    id,
    kind: 'fact',
    text: extra.text ?? f.text,
    ...(f.date ? { date: f.date } : {}),
    status: f.status,
    ...(f.note && f.status !== 'verified' ? { note: f.note } : {}),
    sources: f.sources.map(link),
    checked: f.as_of,
    keywords: extra.keywords,
    command: extra.command,
  };
}

/** All facts of the store as passages, in store order. Ids are the store's own where it has them. */
export function knowledgePassages(kb: KnowledgeBase): Passage[] {
  const { cbdc, cities, china } = kb.data;
  const out: Passage[] = [];
  const topicWords = new Map(china.topics.map((t) => [t.id, [t.name, ...t.aliases].join(' ')]));
  for (const t of cbdc.tracker) {
    out.push(passage(t.id, t, { keywords: 'CBDC tracker countries exploring central bank digital currency 央行数字货币', command: '/cbdc-status' }));
  }
  for (const c of cbdc.countries) {
    const keywords = [c.name, ...c.aliases, c.cbdc_name ?? '', ...c.cbdc_aliases, c.currency ?? ''].join(' ');
    const cmd = `/cbdc-status ${c.name}`;
    out.push(passage(`${c.id}-summary`, c.summary, { text: `${c.name}: ${c.summary.text}`, keywords, command: cmd }));
    c.milestones.forEach((m, i) => out.push(passage(m.id ?? `${c.id}-milestone-${i + 1}`, m, { text: `${c.name}: ${m.text}`, keywords, command: cmd })));
    for (const [i, f] of c.figures.entries()) {
      const text = `${c.name} — ${f.label}: ${f.value}${f.text ? `. ${f.text}` : ''}`;
      out.push(passage(f.id ?? `${c.id}-figure-${i + 1}`, { ...f, text }, { keywords, command: cmd }));
    }
  }
  const cityName = new Map(cities.cities.map((c) => [c.id, c]));
  for (const idx of cities.indexes) {
    const top = [...idx.entries].sort((a, b) => a.rank - b.rank).slice(0, 10);
    const list = top.map((e) => `${e.rank}. ${cityName.get(e.city)?.name ?? e.city}${e.score !== undefined ? ` (${e.score})` : ''}`).join(', ');
    const names = top.flatMap((e) => [cityName.get(e.city)?.name ?? '', cityName.get(e.city)?.name_zh ?? '', ...(cityName.get(e.city)?.aliases ?? [])]);
    out.push(
      passage(
        idx.id,
        { ...idx, text: `${idx.name} (${idx.publisher}, ${idx.year}): ${list}.`, date: idx.released },
        { keywords: [idx.short_name, ...idx.aliases, 'city ranking blockchain cities 城市 排名', ...names].join(' '), command: `/city-rank index:${idx.id}` },
      ),
    );
  }
  out.push(passage('china-overview', china.overview, { keywords: 'China blockchain push BSN 区块链 中国', command: '/china-blockchain' }));
  for (const ev of china.events) {
    const keywords = ev.topics.map((t) => topicWords.get(t) ?? t).join(' ');
    out.push(passage(ev.id, ev, { text: `${ev.title}: ${ev.text}`, keywords, command: `/china-blockchain ${ev.topics[0] ?? ''}`.trim() }));
  }
  return out;
}

/** A short hash of the store's contents: answers cached under an older version are not reused. */
export function knowledgeVersion(kb: KnowledgeBase): string {
  return createHash('sha256').update(JSON.stringify(kb.data)).digest('hex').slice(0, 16);
}
