import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { Actor } from '../../../src/core/command.js';
import type { BotCore } from '../../../src/core/dispatch.js';
import { collectSources, countItems, type Reply } from '../../../src/core/reply.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import type { Services } from '../../../commands/services.js';

const member: Actor = { platform: 'console', userId: 'u', isModerator: false };
let core: BotCore<Services>;
beforeAll(async () => {
  core = (await createApp()).core;
});

async function run(line: string): Promise<Reply> {
  const r = await core.handleText(line, member, 'console:local');
  if (!r) throw new Error(`not a command: ${line}`);
  return r;
}

function expectSourcedAndDated(r: Reply): void {
  expect(r.kind).not.toBe('error');
  expect(r.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(collectSources(r).length).toBeGreaterThan(0);
}

describe('/city-rank', () => {
  it('with no argument shows the headline index with Beijing 99.82 first, its publisher and year', async () => {
    const r = await run('/city-rank');
    expectSourcedAndDated(r);
    expect(r.sections![0]!.items[0]!.text).toMatch(/#1 Beijing.*99\.82/);
    expect(r.text).toContain('2020 China Blockchain City Innovation Development Index');
    expect(r.text).toContain('Chinese Institute of Electronics');
  });
  it('shows a city in every index that ranks it', async () => {
    const r = await run('/city-rank Hangzhou');
    expectSourcedAndDated(r);
    expect(countItems(r)).toBeGreaterThanOrEqual(2);
    expect(renderPlain(r)).toMatch(/#4 in 2020 China Blockchain City Innovation Development Index/);
  });
  it('accepts Chinese names and typos', async () => {
    expect((await run('/city-rank 北京')).title).toContain('Beijing');
    expect((await run('/city-rank Shenzen')).title).toContain('Shenzhen');
  });
  it('limits with top N and says when an index has fewer ranks', async () => {
    const r = await run('/city-rank top 2');
    expect(countItems(r)).toBe(2);
    const many = await run('/city-rank index:ccid-2019 top:25');
    expect(many.footer).toMatch(/published ranks for \d+ cities only/);
  });
  it('takes a ranking name in the city position', async () => {
    const r = await run('/city-rank ccid-2019');
    expect(r.title).toContain('CCID');
  });
  it('gives the allowed range and helpful not-found messages', async () => {
    expect((await run('/city-rank top 26')).text).toContain('between 1 and 25');
    const unknown = await run('/city-rank Gotham');
    expect(unknown.kind).toBe('error');
    expect(unknown.text).toContain('Gotham');
    const badIndex = await run('/city-rank index:nope');
    expect(badIndex.text).toMatch(/Known rankings: .*cie-2020/);
  });
});

describe('/cbdc-status', () => {
  it('with no argument shows tracker counts with a date and China’s e-CNY', async () => {
    const r = await run('/cbdc-status');
    expectSourcedAndDated(r);
    expect(r.text).toMatch(/\d+ countries .* as of \d{4}/);
    expect(r.sections!.map((s) => s.title)).toContain("China's e-CNY");
  });
  it('shows China’s e-CNY pilot status with dated figures and a source link', async () => {
    const r = await run('/cbdc-status China');
    expectSourcedAndDated(r);
    expect(r.title).toMatch(/e-CNY — Pilot/);
    const figures = r.sections!.find((s) => s.title === 'Latest figures')!;
    expect(figures.items.length).toBeGreaterThan(0);
    for (const f of figures.items) {
      expect(f.date).toMatch(/^\d{4}/);
      expect(f.source?.url).toMatch(/^https?:\/\//);
    }
  });
  it('finds China by its currency names', async () => {
    for (const q of ['digital yuan', 'DCEP', '数字人民币', '"e-CNY"']) expect((await run(`/cbdc-status ${q}`)).title).toContain('China');
  });
  it('flags the disputed “delay” claim as disputed', async () => {
    const r = await run('/cbdc-status China');
    const all = [];
    for (let p = 1; p <= (r.pagination?.pageCount ?? 1); p++) all.push(renderPlain(await run(`/cbdc-status China page:${p}`)));
    expect(all.join('\n')).toMatch(/DISPUTED: .*delay/i);
  });
  it('answers Atlantis with a helpful message listing what is covered', async () => {
    const r = await run('/cbdc-status Atlantis');
    expect(r.kind).toBe('error');
    expect(r.text).toContain('No CBDC data for "Atlantis"');
    expect(r.text).toContain('We cover:');
    expect((await run('/cbdc-status Chna')).text).toContain('Did you mean China?');
    const near = await run('/cbdc-status Jamiaca');
    expect(near.kind).toBe('error');
    expect(near.text).toContain('Did you mean Jamaica');
  });
});

describe('/china-blockchain', () => {
  it('with no argument gives an overview and recent dated events', async () => {
    const r = await run('/china-blockchain');
    expectSourcedAndDated(r);
    expect(countItems(r)).toBeGreaterThan(3);
  });
  it('fujian shows the 20 Digital Fujian projects of September 2020', async () => {
    const r = await run('/china-blockchain fujian');
    expectSourcedAndDated(r);
    const hit = r.sections!.flatMap((s) => s.items).find((i) => i.date?.startsWith('2020-09') && /\b20\b/.test(i.text));
    expect(hit).toBeDefined();
  });
  it.each(['bsn', 'mbridge', 'policy', 'ban', 'hainan'])('%s returns a dated timeline', async (topic) => {
    const r = await run(`/china-blockchain ${topic}`);
    expectSourcedAndDated(r);
    for (const item of r.sections!.flatMap((s) => s.items)) expect(item.date).toMatch(/^\d{4}/);
  });
  it('flags unconfirmed claims (VeChain in Wenchang, self-reported)', async () => {
    const r = await run('/china-blockchain hainan');
    expect(renderPlain(r)).toMatch(/UNVERIFIED: .*VeChain/i);
  });
  it('searches free text and explains when nothing matches', async () => {
    expect((await run('/china-blockchain Wenchang smart')).kind).not.toBe('error');
    const none = await run('/china-blockchain zzzqqq');
    expect(none.kind).toBe('error');
    expect(none.text).toContain('Topics:');
  });
  it('pages long timelines', async () => {
    const r = await run('/china-blockchain policy');
    if (r.pagination) {
      const p2 = await run(`/china-blockchain policy page:2`);
      expect(p2.pagination?.page).toBe(2);
      expect(p2.sections![0]!.items[0]!.text).not.toBe(r.sections![0]!.items[0]!.text);
    } else {
      expect(countItems(r)).toBeLessThanOrEqual(8);
    }
  });
});

describe('vague or wrong words never get a confident answer about something else', () => {
  it.each([
    '/cbdc-status the',
    '/cbdc-status bank',
    '/cbdc-status central bank',
    '/cbdc-status digital',
    '/city-rank city',
    '/city-rank china',
    '/china-blockchain nft',
    '/china-blockchain cat',
  ])('%s is answered with a clear not-found message', async (line) => {
    const r = await run(line);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/No |Nothing|too general/);
  });
  it('/china-blockchain with only generic words gives the overview and says why', async () => {
    for (const line of ['/china-blockchain blockchain', '/china-blockchain china', '/china-blockchain the']) {
      const r = await run(line);
      expect(r.kind).not.toBe('error');
      expect(r.title).toBe("China's blockchain push");
      expect(r.footer).toContain('too general');
    }
  });
  it('a typo-tolerant match says which name it matched', async () => {
    const r = await run('/city-rank Hangzou');
    expect(r.title).toContain('Hangzhou');
    expect(r.footer).toContain('the closest match to "Hangzou"');
    const exact = await run('/city-rank Hangzhou');
    expect(exact.footer).not.toContain('closest match');
  });
  it('reads words split over city and index as one name', async () => {
    expect((await run('/city-rank Shenzhen City')).title).toContain('Shenzhen');
    expect((await run('/city-rank Chain Tower')).title).toContain('Chain Tower');
    expect((await run('/city-rank Hangzhou 2019')).title).toContain('Hangzhou');
  });
  it('a bare number in /city-rank means top N, and "top" alone asks for the number', async () => {
    expect(countItems(await run('/city-rank 3'))).toBe(3);
    expect((await run('/city-rank top')).text).toContain('top needs a number between 1 and 25');
  });
});

describe('/help and /about', () => {
  it('/help lists every command with usage and an example', async () => {
    const text = renderPlain(await run('/help'));
    for (const c of core.commands.filter((c) => c.permission === 'everyone')) {
      expect(text).toContain(`/${c.name}`);
      expect(text).toContain(c.examples[1] ?? c.examples[0]!);
    }
  });
  it('/help <command> explains one command and rejects unknown ones', async () => {
    const r = await run('/help city-rank');
    expect(renderPlain(r)).toContain('1–25');
    expect((await run('/help nosuch')).kind).toBe('error');
  });
  it('/about shows version, as-of date and counts', async () => {
    const r = await run('/about');
    const text = renderPlain(r);
    expect(text).toMatch(/Version: \d+\.\d+\.\d+/);
    expect(text).toMatch(/Knowledge as of: \d{4}-\d{2}-\d{2}/);
    expect(Number(/Facts: (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(60);
  });
});
