/** /cbdc-status [country] — the world's CBDC picture, or one jurisdiction's status, milestones and figures. */
import { UserFacingError } from '../src/core/errors.js';
import { didYouMean } from '../src/core/suggest.js';
import type { Reply, ReplyItem, ReplySection } from '../src/core/reply.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { CbdcStatus, Country, Figure } from '../src/knowledge/schema.js';
import { chronological, closestNote, factItem, joinFooter, latestAsOf, paginate, sourceLink } from './lib/facts.js';
import { recentNewsSection } from './lib/recent-news.js';
import { defineCommand } from './services.js';

const ROWS_PER_PAGE = 8;
const LATEST_FIGURES = 4;
const RECENT_MILESTONES = 5;

const STATUS_TEXT: Record<CbdcStatus, string> = {
  research: 'Research',
  development: 'Development',
  pilot: 'Pilot',
  launched: 'Launched',
  inactive: 'Inactive',
  cancelled: 'Cancelled',
};

function figureItem(f: Figure): ReplyItem {
  return factItem({ ...f, text: `${f.label}: ${f.value}` });
}

function newestFirst<T extends { date?: string | undefined }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
}

function overview(kb: KnowledgeBase): Reply {
  const [latest, ...older] = kb.trackerSnapshots();
  if (!latest) throw new UserFacingError('unavailable', 'The CBDC tracker data is missing from the knowledge store.');
  const counts: string[] = [];
  if (latest.launched !== undefined) counts.push(`${latest.launched} launched`);
  if (latest.pilot !== undefined) counts.push(`${latest.pilot} in pilot`);
  if (latest.development !== undefined) counts.push(`${latest.development} in development`);
  if (latest.research !== undefined) counts.push(`${latest.research} researching`);
  const china = kb.findCountry('China');
  const chinaItems: ReplyItem[] = [];
  if (china) {
    chinaItems.push(factItem(china.summary));
    const fig = newestFirst(china.figures)[0];
    if (fig) chinaItems.push(figureItem(fig));
  }
  const launched = kb.allCountries().filter((c) => c.cbdc_status === 'launched').map((c) => `${c.name}${c.cbdc_name ? ` (${c.cbdc_name})` : ''}`);
  const sections = [
    { title: 'How the count grew', items: [latest, ...older].map((t) => factItem({ ...t, date: t.date })) },
    ...(chinaItems.length ? [{ title: "China's e-CNY", items: chinaItems }] : []),
  ];
  return {
    title: 'CBDCs worldwide',
    text:
      `${latest.countries} countries and currency unions${latest.gdp_share_pct !== undefined ? ` (about ${latest.gdp_share_pct}% of world GDP)` : ''} ` +
      `were exploring a central bank digital currency as of ${latest.date}${counts.length ? `: ${counts.join(', ')}` : ''}.`,
    sections,
    fields: launched.length ? [{ name: 'Launched (in our store)', value: launched.join(', ') }] : [],
    sources: latest.sources.map(sourceLink),
    asOf: latestAsOf([latest, ...(china ? [china.summary] : [])], latest.as_of),
    footer: `Tracker categories: research, development, pilot, launched, inactive, cancelled. Try /cbdc-status <country> — we cover ${kb
      .allCountries()
      .map((c) => c.name)
      .join(', ')}.`,
  };
}

/** Search terms for a country's recent news: its CBDC's names and "<country> CBDC". */
function newsTerms(c: Country): string[] {
  return [...(c.cbdc_name ? [c.cbdc_name] : []), ...c.cbdc_aliases, `${c.name} CBDC`, `${c.name}'s CBDC`, `${c.name} digital currency`];
}

type Row = { section: string; item: ReplyItem; disputed: boolean };

/**
 * Page 1: headline status, the latest figures and the most recent milestones (newest first);
 * later pages: the older milestones (oldest first) and older figures, so nothing is left out.
 */
function countryReply(c: Country, page: number): Reply {
  const figures = newestFirst(c.figures);
  const latest = figures.slice(0, LATEST_FIGURES);
  const milestones = chronological(c.milestones);
  const recent = milestones.slice(-RECENT_MILESTONES).reverse();
  const rest: Row[] = [
    ...milestones.slice(0, Math.max(0, milestones.length - RECENT_MILESTONES)).map((m) => ({ section: 'Earlier milestones', item: factItem(m), disputed: m.status === 'disputed' })),
    ...figures.slice(LATEST_FIGURES).map((f) => ({ section: 'Earlier figures', item: figureItem(f), disputed: f.status === 'disputed' })),
  ];
  const pageCount = 1 + Math.ceil(rest.length / ROWS_PER_PAGE);
  const p = Math.min(Math.max(1, page), pageCount);
  const sections: ReplySection[] = [];
  let disputed = 0;
  if (p === 1) {
    if (latest.length) sections.push({ title: 'Latest figures', items: latest.map(figureItem) });
    if (recent.length) sections.push({ title: recent.length < milestones.length ? 'Most recent milestones' : 'Milestones', items: recent.map(factItem) });
    disputed = [...latest, ...recent].filter((f) => f.status === 'disputed').length;
  } else {
    const slice = paginate(rest, p - 1, ROWS_PER_PAGE).slice;
    for (const row of slice) {
      const last = sections.at(-1);
      if (last && last.title === row.section) last.items.push(row.item);
      else sections.push({ title: row.section, items: [row.item] });
    }
    disputed = slice.filter((r) => r.disputed).length;
  }
  const statusDate = c.summary.date ?? c.summary.as_of;
  const reply: Reply = {
    title: `${c.name}: ${c.cbdc_name ?? 'CBDC'} — ${STATUS_TEXT[c.cbdc_status]}`,
    text: c.summary.text + (c.summary.status !== 'verified' && c.summary.note ? ` (${c.summary.status}: ${c.summary.note})` : ''),
    fields: [{ name: 'Status', value: `${STATUS_TEXT[c.cbdc_status]} (Atlantic Council tracker category), as of ${statusDate}`, inline: false }],
    sections,
    sources: c.summary.sources.map(sourceLink),
    asOf: latestAsOf([c.summary, ...c.milestones, ...c.figures], c.summary.as_of),
  };
  if (disputed) reply.footer = `${disputed} claim${disputed === 1 ? ' here is' : 's here are'} disputed — marked DISPUTED with the reason.`;
  if (pageCount > 1) {
    reply.pagination = { command: 'cbdc-status', args: { country: c.name }, page: p, pageCount };
    if (p === 1) reply.footer = joinFooter(reply.footer, `Older milestones and figures: page 2 of ${pageCount}.`);
  }
  return reply;
}

export default defineCommand({
  data: {
    name: 'cbdc-status',
    description: 'Status of central bank digital currencies: the world, or one country',
    permission: 'everyone',
    dmAllowed: true,
    options: [
      { type: 'string', name: 'country', description: 'Country or currency area, e.g. China, India, euro area', autocomplete: 'country', greedy: true },
    ],
    examples: ['/cbdc-status', '/cbdc-status China', '/cbdc-status digital ruble', '/cbdc-status e-HKD', '/cbdc-status Is Japan piloting a CBDC?'],
  },
  async execute({ args, services, page, clock }): Promise<Reply> {
    const kb = services.knowledge;
    if (typeof args.country !== 'string') return overview(kb);
    const found = kb.matchCountry(args.country);
    const asked = found ? undefined : kb.countryForQuestion(args.country);
    const match = found ?? (asked ? { value: asked, exact: false } : undefined);
    if (!match) {
      const sugg = kb.suggestCountries(args.country);
      const covered = kb.allCountries().map((c) => c.name).join(', ');
      throw new UserFacingError(
        'not-found',
        `No CBDC data for "${args.country}".${didYouMean(sugg)} We cover: ${covered}.`,
        sugg,
      );
    }
    const reply = countryReply(match.value, page);
    if (!match.exact) {
      const footer = joinFooter(closestNote(match.value.name, args.country), reply.footer);
      if (footer) reply.footer = footer;
    }
    if ((reply.pagination?.page ?? 1) === 1) {
      const news = await recentNewsSection(services.news, newsTerms(match.value), clock.now());
      if (news) reply.sections = [...(reply.sections ?? []), news];
    }
    return reply;
  },
});
