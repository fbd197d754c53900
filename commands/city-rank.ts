/** /city-rank [city] [index] [top] — China's blockchain city rankings, with publisher and year. */
import { UserFacingError } from '../src/core/errors.js';
import { didYouMean } from '../src/core/suggest.js';
import type { Reply, ReplyItem } from '../src/core/reply.js';
import type { RankingEntry, RankingIndex } from '../src/knowledge/schema.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { closestNote, joinFooter, sourceLink } from './lib/facts.js';
import { defineCommand } from './services.js';

const DEFAULT_TOP = 10;

function indexLine(idx: RankingIndex): string {
  const covered = idx.cities_covered ? `, ${idx.cities_covered} cities` : '';
  return `${idx.name} — ${idx.publisher}, ${idx.year} (released ${idx.released}${covered}).`;
}

function entryItem(kb: KnowledgeBase, e: RankingEntry): ReplyItem {
  const city = kb.city(e.city);
  const name = city ? `${city.name}${city.name_zh ? ` (${city.name_zh})` : ''}` : e.city;
  const item: ReplyItem = { text: `#${e.rank} ${name}${e.score !== undefined ? ` — score ${e.score}` : ' — score not in our sources'}` };
  if (e.status) item.status = e.status;
  if (e.note && e.status && e.status !== 'verified') item.note = e.note;
  if (e.sources?.[0]) item.source = sourceLink(e.sources[0]);
  return item;
}

function resolveIndex(kb: KnowledgeBase, query: string): RankingIndex {
  const idx = kb.findRankingIndex(query);
  if (idx) return idx;
  const known = kb.rankingIndexes().map((i) => i.id);
  throw new UserFacingError(
    'not-found',
    `No city ranking called "${query}".${didYouMean(kb.suggestRankingIndexes(query))} Known rankings: ${known.join(', ')}.`,
    known,
  );
}

function rankingReply(kb: KnowledgeBase, idx: RankingIndex, top: number | undefined): Reply {
  const entries = [...idx.entries].sort((a, b) => a.rank - b.rank);
  const n = top ?? DEFAULT_TOP;
  const shown = entries.slice(0, n);
  const footer: string[] = [];
  if (top !== undefined && top > entries.length) footer.push(`This ranking has published ranks for ${entries.length} cities only.`);
  else if (entries.length > shown.length) footer.push(`Showing the top ${shown.length} of ${entries.length} listed cities; use top:N for more.`);
  footer.push('Other rankings: ' + kb.rankingIndexes().filter((i) => i.id !== idx.id).map((i) => `${i.short_name} (index:${i.id})`).join(', ') + '.');
  const reply: Reply = {
    title: `${idx.short_name}: China's top blockchain cities`,
    text: indexLine(idx) + (idx.method ? ` ${idx.method}` : ''),
    sections: [{ items: shown.map((e) => entryItem(kb, e)) }],
    sources: idx.sources.map(sourceLink),
    asOf: idx.as_of,
    footer: footer.join(' '),
  };
  if (idx.status !== 'verified') reply.text = `${idx.status.toUpperCase()}: ${idx.note ?? ''} ${reply.text}`;
  return reply;
}

function cityReply(kb: KnowledgeBase, query: string, only?: RankingIndex): Reply {
  const match = kb.matchCity(query);
  if (!match) {
    const sugg = kb.suggestCities(query);
    const numeric = /^\d+$/.test(query) ? ` To list the top ${query}, type /city-rank top ${query}.` : '';
    const covered = sugg.length ? '' : ` Cities we cover: ${kb.allCities().map((c) => c.name).join(', ')}.`;
    throw new UserFacingError('not-found', `No ranking data for a city called "${query}".${didYouMean(sugg)}${numeric}${covered}`, sugg);
  }
  const city = match.value;
  let ranks = kb.rankingsForCity(city.id);
  if (only) ranks = ranks.filter((r) => r.index.id === only.id);
  if (ranks.length === 0) {
    throw new UserFacingError(
      'not-found',
      only ? `${city.name} is not among the published ranks of ${only.short_name}.` : `${city.name} has no published rank in the rankings we hold.`,
    );
  }
  const sorted = [...ranks].sort((a, b) => b.index.year - a.index.year || a.index.id.localeCompare(b.index.id));
  const items: ReplyItem[] = sorted.map(({ index, entry }) => {
    const status = entry.status ?? (index.status !== 'verified' ? index.status : undefined);
    const note = entry.note ?? (index.status !== 'verified' ? index.note : undefined);
    const item: ReplyItem = {
      text: `#${entry.rank} in ${index.name} (${index.publisher}, ${index.year})${entry.score !== undefined ? ` — score ${entry.score}` : ''}`,
      date: index.released,
      source: sourceLink(entry.sources?.[0] ?? index.sources[0]!),
    };
    if (status) item.status = status;
    if (note) item.note = note;
    return item;
  });
  return {
    title: `${city.name}${city.name_zh ? ` ${city.name_zh}` : ''}: blockchain city rankings`,
    text: `${city.name}${city.province && !city.province.startsWith(city.name) ? ` (${city.province})` : ''} appears in ${items.length} ranking${items.length === 1 ? '' : 's'}.`,
    sections: [{ items }],
    asOf: sorted.reduce((m, r) => (r.index.as_of > m ? r.index.as_of : m), '0000-00-00'),
    footer: joinFooter(
      match.exact ? undefined : closestNote(city.name, query),
      'Rankings use different methods and city sets; ranks are not comparable across them.',
    )!,
  };
}

export default defineCommand({
  data: {
    name: 'city-rank',
    description: "Where Chinese cities rank as blockchain hubs, by index, with publisher and year",
    permission: 'everyone',
    dmAllowed: true,
    options: [
      { type: 'string', name: 'city', description: 'A city, e.g. Hangzhou, 北京, Shenzhen', autocomplete: 'city' },
      { type: 'string', name: 'index', description: 'Which ranking, e.g. ccid-2019 (default: the 2020 CIE index)', autocomplete: 'index' },
      { type: 'integer', name: 'top', description: 'How many cities to list', min: 1, max: 25 },
    ],
    examples: ['/city-rank', '/city-rank Hangzhou', '/city-rank top 5', '/city-rank index:ccid-2019 top:10'],
  },
  async execute({ args, services }): Promise<Reply> {
    const kb = services.knowledge;
    const top = typeof args.top === 'number' ? args.top : undefined;
    // Typed words split over city and index may name one thing: `/city-rank Shenzhen City`, `/city-rank Chain Tower`.
    if (typeof args.city === 'string' && typeof args.index === 'string' && (!kb.findRankingIndex(args.index) || !kb.findCity(args.city))) {
      const whole = `${args.city} ${args.index}`;
      if (kb.matchCity(whole)?.exact) return cityReply(kb, whole);
      const wholeIndex = kb.findRankingIndex(whole);
      if (wholeIndex) return rankingReply(kb, wholeIndex, top);
    }
    const idx = typeof args.index === 'string' ? resolveIndex(kb, args.index) : undefined;
    if (typeof args.city === 'string') {
      // `/city-rank ccid-2019` names a ranking, not a city: answer with that ranking.
      const asIndex = !idx && !kb.findCity(args.city) ? kb.findRankingIndex(args.city) : undefined;
      if (asIndex) return rankingReply(kb, asIndex, top);
      return cityReply(kb, args.city, idx);
    }
    return rankingReply(kb, idx ?? kb.headlineIndex(), top);
  },
});
