/**
 * Upkeep checks over the knowledge store (`npm run knowledge:check`): facts not checked against
 * their sources for too long, facts that rest only on secondary sources, duplicate or inconsistent
 * sources, and URLs that parse but are malformed. Pure: the caller passes the facts and the date.
 */
import type { KnowledgeFact } from './facts.js';
import type { Source } from './schema.js';

/** One finding. Errors fail the check; warnings are listed for curators to work through. */
export interface CheckProblem {
  kind: 'stale' | 'secondary-only' | 'duplicate-source' | 'inconsistent-source' | 'malformed-url';
  severity: 'error' | 'warning';
  factId: string;
  message: string;
}

/** Options: the reference date and how old a check may be. */
export interface CheckOptions {
  now: Date;
  /** A fact last checked more than this many days ago is stale (default 183, about six months). */
  maxAgeDays?: number;
}

/**
 * Hosts of issuing authorities, governments, gazettes, official statistics, international
 * financial institutions and official state news agencies. Anything else counts as secondary.
 */
const PRIMARY_HOSTS = [
  'hkma.gov.hk', 'info.gov.hk', 'news.gov.hk', 'pbc.gov.cn', 'scio.gov.cn', 'gov.cn', 'news.cn', 'xinhuanet.com', 'people.cn',
  'ecb.europa.eu', 'europa.eu', 'consilium.europa.eu', 'europarl.europa.eu', 'bankofengland.co.uk', 'boj.or.jp', 'riksbank.se',
  'snb.ch', 'mas.gov.sg', 'boi.org.il', 'bi.go.id', 'centralbankbahamas.com', 'boj.org.jm', 'cbr.ru', 'rbi.org.in', 'bcb.gov.br',
  'bok.or.kr', 'norges-bank.no', 'nationalbanken.dk', 'bankofcanada.ca', 'rba.gov.au', 'rbnz.govt.nz', 'bis.org', 'imf.org',
  'elibrary.imf.org', 'federalreserve.gov', 'congress.gov', 'whitehouse.gov', 'eccb-centralbank.org', 'cbn.gov.ng',
  'atlanticcouncil.org', 'bcu.gub.uy', 'bce.fin.ec', 'bsp.gov.ph', 'bnm.gov.my', 'cbi.ir', 'bank.gov.ua', 'banxico.org.mx',
  'resbank.co.za', 'tcmb.gov.tr', 'nbc.gov.kh', 'nationalbank.kz', 'bog.gov.gh', 'bcra.gob.ar', 'centralbank.ae', 'sama.gov.sa',
];

function host(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** True when the source's host is (a subdomain of) a known primary publisher's host. */
export function isPrimarySource(s: Source): boolean {
  const h = host(s.url);
  return h !== undefined && PRIMARY_HOSTS.some((p) => h === p || h.endsWith(`.${p}`));
}

/** Why a URL that passed the schema is still malformed, or undefined when it is fine. */
export function urlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'does not parse';
  }
  if (/\s|["<>`]/.test(url)) return 'contains spaces or quote characters';
  if (u.username || u.password) return 'carries credentials';
  if (!u.hostname.includes('.') || u.hostname.endsWith('.')) return `host "${u.hostname}" is not a public domain name`;
  if (/[.,;:)\]'’]$/.test(url)) return 'ends in punctuation (copied with the sentence around it?)';
  if (/[?&]utm_[a-z]+=/i.test(url)) return 'carries tracking parameters (utm_…)';
  return undefined;
}

const DAY_MS = 86_400_000;

/** Runs every check; problems are ordered errors first, then by fact id. */
export function checkFacts(facts: readonly KnowledgeFact[], opts: CheckOptions): CheckProblem[] {
  const maxAge = opts.maxAgeDays ?? 183;
  const cutoff = new Date(opts.now.getTime() - maxAge * DAY_MS).toISOString().slice(0, 10);
  const out: CheckProblem[] = [];
  const byUrl = new Map<string, { source: Source; factId: string }>();
  for (const f of facts) {
    if (f.checked < cutoff) {
      out.push({ kind: 'stale', severity: 'warning', factId: f.id, message: `last checked ${f.checked}, more than ${maxAge} days before ${opts.now.toISOString().slice(0, 10)}` });
    }
    if (!f.sources.some(isPrimarySource)) {
      out.push({ kind: 'secondary-only', severity: 'warning', factId: f.id, message: `only secondary sources (${f.sources.map((s) => host(s.url) ?? s.url).join(', ')})` });
    }
    const seen = new Set<string>();
    for (const s of f.sources) {
      if (seen.has(s.url)) out.push({ kind: 'duplicate-source', severity: 'error', factId: f.id, message: `lists ${s.url} more than once` });
      seen.add(s.url);
      const bad = urlProblem(s.url);
      if (bad) out.push({ kind: 'malformed-url', severity: 'error', factId: f.id, message: `${s.url}: ${bad}` });
      const first = byUrl.get(s.url);
      if (!first) byUrl.set(s.url, { source: s, factId: f.id });
      else if (first.source.publisher !== s.publisher || (first.source.date && s.date && first.source.date !== s.date)) {
        out.push({
          kind: 'inconsistent-source',
          severity: 'error',
          factId: f.id,
          message: `${s.url} is cited as "${s.publisher}${s.date ? `, ${s.date}` : ''}" here but as "${first.source.publisher}${first.source.date ? `, ${first.source.date}` : ''}" in ${first.factId}`,
        });
      }
    }
  }
  return out.sort((a, b) => (a.severity === b.severity ? a.factId.localeCompare(b.factId) : a.severity === 'error' ? -1 : 1));
}

/** A plain-text report: counts, then one line per problem. */
export function formatReport(problems: readonly CheckProblem[], factCount: number): string {
  const count = (k: CheckProblem['kind']): number => problems.filter((p) => p.kind === k).length;
  const lines = [
    `${factCount} facts checked: ${count('stale')} stale, ${count('secondary-only')} secondary-only, ` +
      `${count('duplicate-source')} duplicate sources, ${count('inconsistent-source')} inconsistent sources, ${count('malformed-url')} malformed URLs.`,
    ...problems.map((p) => `${p.severity.toUpperCase()} ${p.kind} ${p.factId}: ${p.message}`),
  ];
  return lines.join('\n');
}
