/** /cbdc-status [country] — the world's CBDC picture, or one jurisdiction's status, milestones and figures. */
import { UserFacingError } from '../src/core/errors.js';
import { didYouMean } from '../src/core/suggest.js';
import type { Reply, ReplyItem, ReplySection } from '../src/core/reply.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { CbdcStatus, Country, Figure } from '../src/knowledge/schema.js';
import { chronological, closestNote, factItem, joinFooter, latestAsOf, paginate, sourceLink } from './lib/facts.js';
import { defineCommand } from './services.js';

const ROWS_PER_PAGE = 8;
const LATEST_FIGURES = 4;

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

function countryReply(c: Country, page: number): Reply {
  const figures = newestFirst(c.figures);
  const latest = figures.slice(0, LATEST_FIGURES);
  // Milestones (oldest first), then the older figures: paged together so nothing is left out.
  const rows: Array<{ section: string; item: ReplyItem; disputed: boolean }> = [
    ...chronological(c.milestones).map((m) => ({ section: 'Milestones', item: factItem(m), disputed: m.status === 'disputed' })),
    ...figures.slice(LATEST_FIGURES).map((f) => ({ section: 'Earlier figures', item: figureItem(f), disputed: f.status === 'disputed' })),
  ];
  const { slice, page: p, pageCount } = paginate(rows, page, ROWS_PER_PAGE);
  const sections: ReplySection[] = [];
  if (latest.length && p === 1) sections.push({ title: 'Latest figures', items: latest.map(figureItem) });
  for (const row of slice) {
    const last = sections.at(-1);
    if (last && last.title === row.section) last.items.push(row.item);
    else sections.push({ title: row.section, items: [row.item] });
  }
  const shown = slice.filter((r) => r.disputed).length + (p === 1 ? latest.filter((f) => f.status === 'disputed').length : 0);
  const reply: Reply = {
    title: `${c.name}: ${c.cbdc_name ?? 'CBDC'} — ${STATUS_TEXT[c.cbdc_status]}`,
    text: c.summary.text + (c.summary.status !== 'verified' && c.summary.note ? ` (${c.summary.status}: ${c.summary.note})` : ''),
    sections,
    sources: c.summary.sources.map(sourceLink),
    asOf: latestAsOf([c.summary, ...c.milestones, ...c.figures], c.summary.as_of),
  };
  if (shown) reply.footer = `${shown} claim${shown === 1 ? ' here is' : 's here are'} disputed — marked DISPUTED with the reason.`;
  if (pageCount > 1) reply.pagination = { command: 'cbdc-status', args: { country: c.name }, page: p, pageCount };
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
    examples: ['/cbdc-status', '/cbdc-status China', '/cbdc-status "euro area"', '/cbdc-status digital yuan'],
  },
  async execute({ args, services, page }): Promise<Reply> {
    const kb = services.knowledge;
    if (typeof args.country !== 'string') return overview(kb);
    const match = kb.matchCountry(args.country);
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
    return reply;
  },
});
