/**
 * The in-memory knowledge base: loaded and indexed once at start-up, then answered from maps and
 * search indexes only (no disk access, no full scans per query).
 */
import type { KnowledgeData } from './loader.js';
import type { City, ClaimStatus, Country, RankingEntry, RankingIndex, TimelineEvent, Topic, TrackerSnapshot } from './schema.js';
import { enumerateFacts, type KnowledgeFact } from './facts.js';
import { chronological } from './dates.js';
import { EntityIndex } from './text-index.js';

/** One city's place in one ranking. */
export interface CityRanking {
  index: RankingIndex;
  entry: RankingEntry;
}

/** A lookup result: the entity and whether the query named it exactly (name or alias). */
export interface Match<T> {
  value: T;
  exact: boolean;
}

/** Counts shown by /about. */
export interface KnowledgeStats {
  facts: number;
  sources: number;
  /** Most recent as_of date across all facts. */
  asOf: string;
  /** Most recent event or figure date (full dates only). */
  newestEvent: string;
  /** Oldest date any fact was last checked against its sources. */
  oldestCheck: string;
  /** Facts per status. */
  byStatus: Record<ClaimStatus, number>;
  countries: number;
  cities: number;
  events: number;
}

/** Read-only queries over the curated store. */
export class KnowledgeBase {
  private readonly countries = new Map<string, Country>();
  private readonly cities = new Map<string, City>();
  private readonly indexesById = new Map<string, RankingIndex>();
  private readonly topics = new Map<string, Topic>();
  private readonly events = new Map<string, TimelineEvent>();
  private readonly rankingsByCity = new Map<string, CityRanking[]>();
  private readonly eventsByTopic = new Map<string, TimelineEvent[]>();
  private readonly countryIndex: EntityIndex;
  private readonly cityIndex: EntityIndex;
  private readonly rankingIndex: EntityIndex;
  private readonly topicIndex: EntityIndex;
  private readonly eventIndex: EntityIndex;
  private readonly sortedEvents: TimelineEvent[];
  private readonly statsValue: KnowledgeStats;
  private readonly factList: readonly KnowledgeFact[];
  private readonly factsById = new Map<string, KnowledgeFact>();

  constructor(readonly data: KnowledgeData) {
    for (const c of data.cbdc.countries) this.countries.set(c.id, c);
    for (const c of data.cities.cities) this.cities.set(c.id, c);
    for (const t of data.china.topics) this.topics.set(t.id, t);
    for (const idx of data.cities.indexes) {
      this.indexesById.set(idx.id, idx);
      for (const entry of idx.entries) {
        const list = this.rankingsByCity.get(entry.city) ?? [];
        list.push({ index: idx, entry });
        this.rankingsByCity.set(entry.city, list);
      }
    }
    this.sortedEvents = chronological(data.china.events);
    for (const ev of this.sortedEvents) {
      this.events.set(ev.id, ev);
      for (const t of ev.topics) {
        const list = this.eventsByTopic.get(t) ?? [];
        list.push(ev);
        this.eventsByTopic.set(t, list);
      }
    }
    this.countryIndex = new EntityIndex(
      data.cbdc.countries.map((c) => ({
        id: c.id,
        name: c.name,
        aliases: [...c.aliases, ...(c.cbdc_name ? [c.cbdc_name] : []), ...c.cbdc_aliases, ...(c.currency ? [c.currency] : [])],
        text: c.summary.text,
      })),
    );
    this.cityIndex = new EntityIndex(
      data.cities.cities.map((c) => ({ id: c.id, name: c.name, aliases: [...(c.name_zh ? [c.name_zh] : []), ...c.aliases] })),
    );
    this.rankingIndex = new EntityIndex(
      data.cities.indexes.map((i) => ({ id: i.id, name: i.short_name, aliases: [i.name, ...i.aliases], text: String(i.year) })),
    );
    this.topicIndex = new EntityIndex(data.china.topics.map((t) => ({ id: t.id, name: t.name, aliases: t.aliases })));
    this.eventIndex = new EntityIndex(
      data.china.events.map((e) => ({ id: e.id, name: e.title, aliases: [], text: `${e.date} ${e.text} ${e.topics.join(' ')} ${e.note ?? ''}` })),
    );
    this.factList = Object.freeze(enumerateFacts(data));
    for (const f of this.factList) this.factsById.set(f.id, f);
    this.statsValue = computeStats(data, this.factList);
  }

  stats(): KnowledgeStats {
    return this.statsValue;
  }

  /** Every fact with its stable id, text, dates, status and sources (for retrieval and checks). */
  facts(): readonly KnowledgeFact[] {
    return this.factList;
  }
  /** One fact by its stable id. */
  fact(id: string): KnowledgeFact | undefined {
    return this.factsById.get(id);
  }

  // ---- CBDCs
  findCountry(query: string): Country | undefined {
    return this.matchCountry(query)?.value;
  }
  /** Like findCountry, also telling whether the match was exact or only the closest. */
  matchCountry(query: string): Match<Country> | undefined {
    return resolve(this.countryIndex.find(query), this.countries);
  }
  suggestCountries(query: string): string[] {
    return this.countryIndex.suggest(query);
  }
  /** For a question in plain words: the country matching most of its meaningful words. */
  countryForQuestion(query: string): Country | undefined {
    const id = this.countryIndex.searchMost(query, 1)[0];
    return id ? this.countries.get(id) : undefined;
  }
  country(id: string): Country | undefined {
    return this.countries.get(id);
  }
  allCountries(): Country[] {
    return [...this.countries.values()];
  }
  /** Tracker snapshots, newest first. */
  trackerSnapshots(): TrackerSnapshot[] {
    return [...this.data.cbdc.tracker].sort((a, b) => b.date.localeCompare(a.date));
  }

  // ---- cities and rankings
  findCity(query: string): City | undefined {
    return this.matchCity(query)?.value;
  }
  matchCity(query: string): Match<City> | undefined {
    return resolve(this.cityIndex.find(query), this.cities);
  }
  suggestCities(query: string): string[] {
    return this.cityIndex.suggest(query);
  }
  allCities(): City[] {
    return [...this.cities.values()];
  }
  city(id: string): City | undefined {
    return this.cities.get(id);
  }
  findRankingIndex(query: string): RankingIndex | undefined {
    const m = this.rankingIndex.find(query);
    return m ? this.indexesById.get(m.id) : undefined;
  }
  suggestRankingIndexes(query: string): string[] {
    return this.rankingIndex.suggest(query);
  }
  rankingIndexes(): RankingIndex[] {
    return [...this.indexesById.values()];
  }
  headlineIndex(): RankingIndex {
    return this.data.cities.indexes.find((i) => i.headline) ?? this.data.cities.indexes[0]!;
  }
  rankingsForCity(cityId: string): CityRanking[] {
    return this.rankingsByCity.get(cityId) ?? [];
  }

  // ---- China timeline
  findTopic(query: string): Topic | undefined {
    return this.matchTopic(query)?.value;
  }
  matchTopic(query: string): Match<Topic> | undefined {
    return resolve(this.topicIndex.find(query), this.topics);
  }
  suggestTopics(query: string): string[] {
    return this.topicIndex.suggest(query);
  }
  allTopics(): Topic[] {
    return [...this.topics.values()];
  }
  /** Events tagged with a topic, oldest first. */
  eventsForTopic(topicId: string): TimelineEvent[] {
    return this.eventsByTopic.get(topicId) ?? [];
  }
  /** All events, oldest first. */
  timeline(): TimelineEvent[] {
    return this.sortedEvents;
  }
  /** Free-text search across the timeline, best match first. */
  searchEvents(query: string, limit = 10): TimelineEvent[] {
    return this.eventIndex.searchIds(query, limit).map((id) => this.events.get(id)!);
  }
  /** For a question in plain words: the topic matching most of its meaningful words. */
  topicForQuestion(query: string): Topic | undefined {
    const id = this.topicIndex.searchMost(query, 1)[0];
    return id ? this.topics.get(id) : undefined;
  }
  /** For a question in plain words: events matching most of its meaningful words, best first. */
  searchEventsLoosely(query: string, limit = 10): TimelineEvent[] {
    return this.eventIndex.searchMost(query, limit).map((id) => this.events.get(id)!);
  }
  /**
   * Topics close to a query that found nothing: names that look alike, then topics of events
   * sharing any word with it. Up to `limit` topic names.
   */
  closestTopics(query: string, limit = 3): string[] {
    const names = new Set(this.topicIndex.suggest(query, limit));
    for (const id of this.topicIndex.searchAny(query, limit)) names.add(this.topics.get(id)!.name);
    for (const id of this.eventIndex.searchAny(query, 5)) {
      for (const t of this.events.get(id)!.topics) names.add(this.topics.get(t)!.name);
    }
    return [...names].slice(0, limit);
  }

  /** Autocomplete for option sources: country, city, topic, index. */
  complete(source: string, query: string): Array<{ name: string; value: string }> {
    const idx =
      source === 'country' ? this.countryIndex : source === 'city' ? this.cityIndex : source === 'topic' ? this.topicIndex : source === 'index' ? this.rankingIndex : undefined;
    if (!idx) return [];
    return idx.complete(query).map((e) => ({ name: e.name, value: source === 'country' || source === 'city' ? e.name : e.id }));
  }
}

function resolve<T>(m: { id: string; exact: boolean } | undefined, map: ReadonlyMap<string, T>): Match<T> | undefined {
  const value = m ? map.get(m.id) : undefined;
  return m && value ? { value, exact: m.exact } : undefined;
}

function computeStats(data: KnowledgeData, facts: readonly KnowledgeFact[]): KnowledgeStats {
  const sources = new Set<string>();
  const byStatus: Record<ClaimStatus, number> = { verified: 0, disputed: 0, unverified: 0 };
  let asOf = '0000-00-00';
  let newestEvent = '0000-00-00';
  let oldestCheck = '9999-12-31';
  for (const f of facts) {
    byStatus[f.status]++;
    if (f.asOf > asOf) asOf = f.asOf;
    if (f.date && f.date.length === 10 && f.date > newestEvent) newestEvent = f.date;
    if (f.checked < oldestCheck) oldestCheck = f.checked;
    for (const s of f.sources) sources.add(s.url);
  }
  // Ranking indexes list their sources once for all entries.
  for (const idx of data.cities.indexes) for (const s of idx.sources) sources.add(s.url);
  return {
    facts: facts.length,
    sources: sources.size,
    asOf,
    newestEvent,
    oldestCheck,
    byStatus,
    countries: data.cbdc.countries.length,
    cities: data.cities.cities.length,
    events: data.china.events.length,
  };
}
