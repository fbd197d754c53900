/**
 * Every curated fact (KnowledgeBase.facts(), stable ids) as a Passage, with search keywords taken
 * from the store's alias tables — country, CBDC, city and topic names in every language — so a
 * question in Chinese (数字人民币, 北京) reaches the English facts about the same thing.
 */
import { createHash } from 'node:crypto';
import type { SourceLink } from '../core/reply.js';
import type { KnowledgeFact } from '../knowledge/facts.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Source } from '../knowledge/schema.js';
import { noCitationLookalikes } from './output.js';
import type { Passage } from './passages.js';

/** Bracketed numbers in store text ("Yinfa [2026] No. 42") are shown as "(2026)": only citations look like [n]. */
function link(s: Source): SourceLink {
  return { title: noCitationLookalikes(s.title), url: s.url, publisher: s.publisher, ...(s.date ? { date: s.date } : {}) };
}

/** Names and aliases per subject id (countries, ranking indexes) and per topic and city id. */
function aliasTables(kb: KnowledgeBase): { subjects: Map<string, string>; topics: Map<string, string>; cities: Map<string, string> } {
  const subjects = new Map<string, string>();
  for (const c of kb.allCountries()) {
    subjects.set(c.id, [c.name, ...c.aliases, c.cbdc_name ?? '', ...c.cbdc_aliases, c.currency ?? ''].join(' '));
  }
  for (const idx of kb.rankingIndexes()) subjects.set(idx.id, [idx.name, idx.short_name, ...idx.aliases, 'city ranking 城市 排名'].join(' '));
  subjects.set('world', 'CBDC tracker countries exploring central bank digital currency 央行数字货币');
  subjects.set('china', 'China 中国 blockchain 区块链');
  const topics = new Map(kb.allTopics().map((t) => [t.id, [t.name, ...t.aliases].join(' ')]));
  const cities = new Map(kb.allCities().map((c) => [c.id, [c.name, c.name_zh ?? '', ...c.aliases].join(' ')]));
  return { subjects, topics, cities };
}

/** The command that shows more about a fact. */
function commandFor(f: KnowledgeFact, countryName: string | undefined): string {
  if (f.kind === 'ranking-entry') return `/city-rank index:${f.subject}`;
  if (f.kind === 'event') return `/china-blockchain ${f.topics[0] ?? ''}`.trim();
  if (f.kind === 'overview') return '/china-blockchain';
  return countryName ? `/cbdc-status ${countryName}` : '/cbdc-status';
}

/** All facts of the store as passages, in store order. */
export function knowledgePassages(kb: KnowledgeBase): Passage[] {
  const { subjects, topics, cities } = aliasTables(kb);
  return kb.facts().map((f): Passage => {
    const country = kb.country(f.subject);
    const named = f.kind === 'milestone' || f.kind === 'figure' || f.kind === 'summary';
    const text = noCitationLookalikes(named && !f.text.includes(f.subjectName) ? `${f.subjectName}: ${f.text}` : f.text);
    const city = f.kind === 'ranking-entry' ? cities.get(f.id.slice(f.subject.length + 1)) : undefined;
    // "rank1" lets "which city ranks first" prefer first places over every text that contains a 1.
    const rank = f.kind === 'ranking-entry' ? /\branked (\d+)/.exec(f.text)?.[1] : undefined;
    const keywords = [subjects.get(f.subject) ?? f.subjectName, ...f.topics.map((t) => topics.get(t) ?? t), city ?? '', rank ? `rank${rank}` : ''].join(' ');
    return {
      id: f.id,
      kind: 'fact',
      text,
      ...(f.date ? { date: f.date } : {}),
      status: f.status,
      ...(f.note && f.status !== 'verified' ? { note: noCitationLookalikes(f.note) } : {}),
      sources: f.sources.map(link),
      asOf: f.asOf,
      keywords,
      command: commandFor(f, country?.name),
    };
  });
}

/** A short hash of the store's contents: answers cached under an older version are not reused. */
export function knowledgeVersion(kb: KnowledgeBase): string {
  return createHash('sha256').update(JSON.stringify(kb.data)).digest('hex').slice(0, 16);
}
