/** /china-blockchain [topic] — China's state-led blockchain push: overview and a dated timeline. */
import { UserFacingError } from '../src/core/errors.js';
import { hasMeaningfulTerm } from '../src/knowledge/text-index.js';
import type { Reply } from '../src/core/reply.js';
import type { TimelineEvent } from '../src/knowledge/schema.js';
import { chronological, closestNote, factItem, joinFooter, latestAsOf, paginate, sourceLink } from './lib/facts.js';
import { recentNewsSection } from './lib/recent-news.js';
import { defineCommand, type Services } from './services.js';

const PER_PAGE = 8;

function eventItem(e: TimelineEvent) {
  return factItem({ ...e, text: `${e.title}: ${e.text}` });
}

function disputedFooter(events: readonly TimelineEvent[]): string | undefined {
  const n = events.filter((e) => e.status === 'disputed').length;
  return n ? `${n} claim${n === 1 ? ' is' : 's are'} disputed and marked DISPUTED with the reason.` : undefined;
}

function timelineReply(title: string, lead: string, events: readonly TimelineEvent[], page: number, topicArg: string | undefined): Reply {
  const { slice, page: p, pageCount } = paginate(events, page, PER_PAGE);
  const reply: Reply = {
    title,
    text: lead,
    sections: [{ title: pageCount > 1 ? `Timeline (${p}/${pageCount})` : 'Timeline', items: slice.map(eventItem) }],
    asOf: latestAsOf(events, '0000-00-00'),
  };
  const footer = disputedFooter(events);
  if (footer) reply.footer = footer;
  if (pageCount > 1) reply.pagination = { command: 'china-blockchain', args: topicArg ? { topic: topicArg } : {}, page: p, pageCount };
  return reply;
}

/** Appends the recent-news section to the first page of a topic answer. */
async function withNews(reply: Reply, services: Services, terms: string[], now: Date): Promise<Reply> {
  if ((reply.pagination?.page ?? 1) !== 1) return reply;
  const news = await recentNewsSection(services.news, terms, now);
  if (news) reply.sections = [...(reply.sections ?? []), news];
  return reply;
}

export default defineCommand({
  data: {
    name: 'china-blockchain',
    description: "China's blockchain push: overview, policies, provinces and programmes, with dates",
    permission: 'everyone',
    dmAllowed: true,
    options: [
      {
        type: 'string',
        name: 'topic',
        description: 'A province (fujian), programme (bsn, mbridge), policy, ban, or any words',
        autocomplete: 'topic',
        greedy: true,
      },
    ],
    examples: ['/china-blockchain', '/china-blockchain fujian', '/china-blockchain bsn', '/china-blockchain ban', '/china-blockchain Is crypto banned in China?'],
  },
  async execute({ args, services, page, clock }): Promise<Reply> {
    const kb = services.knowledge;
    const topicList = kb.allTopics().map((t) => t.id).join(', ');
    // Only generic words ("china", "blockchain pilot"): the overview is the best answer.
    const generic = typeof args.topic === 'string' && !hasMeaningfulTerm(args.topic) && !kb.matchTopic(args.topic);
    if (typeof args.topic !== 'string' || generic) {
      const overview = kb.data.china.overview;
      const recent = kb.timeline().slice(-PER_PAGE).reverse();
      const reply: Reply = {
        title: "China's blockchain push",
        text: overview.text,
        sections: [{ title: 'Most recent developments', items: recent.map(eventItem) }],
        sources: overview.sources.map(sourceLink),
        asOf: latestAsOf([overview, ...recent], overview.as_of),
        footer: `${generic ? `"${String(args.topic)}" is too general to search for, so here is the overview. ` : ''}Topics: ${topicList}. Try /china-blockchain <topic> or any words.`,
      };
      return reply;
    }
    const found = kb.matchTopic(args.topic);
    const asked = found ? undefined : kb.topicForQuestion(args.topic);
    const match = found ?? (asked ? { value: asked, exact: false } : undefined);
    if (match) {
      const topic = match.value;
      const events = kb.eventsForTopic(topic.id);
      if (events.length === 0) throw new UserFacingError('not-found', `No timeline entries for ${topic.name} yet.`);
      const reply = timelineReply(`${topic.name}: China blockchain timeline`, topic.description, events, page, topic.id);
      if (!match.exact) {
        const footer = joinFooter(closestNote(topic.name, args.topic), reply.footer);
        if (footer) reply.footer = footer;
      }
      return withNews(reply, services, [topic.name, ...topic.aliases], clock.now());
    }
    const strict = chronological(kb.searchEvents(args.topic, 24));
    // A question in plain words: events matching most of its words, best match first.
    const hits = strict.length ? strict : kb.searchEventsLoosely(args.topic, 8);
    if (hits.length === 0) {
      const sugg = kb.closestTopics(args.topic);
      const why = hasMeaningfulTerm(args.topic) ? `Nothing in the China blockchain timeline matches "${args.topic}".` : `"${args.topic}" is too general to search for.`;
      const hint = sugg.length ? ` Closest topics: ${sugg.join(', ')}.` : '';
      throw new UserFacingError('not-found', `${why}${hint} Topics: ${topicList}.`, sugg);
    }
    const lead = strict.length
      ? `${hits.length} matching event${hits.length === 1 ? '' : 's'}, oldest first.`
      : `No event matches every word; ${hits.length === 1 ? 'this is the closest match' : `these ${hits.length} match most of them, best first`}.`;
    return timelineReply(`"${args.topic}" in China's blockchain timeline`, lead, hits, page, args.topic);
  },
});
