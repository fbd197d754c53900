import { afterEach, describe, expect, it } from 'vitest';
import { containsTerm, normalizeTerm } from '../../../src/digest/alert-match.js';
import { AlertMatcher } from '../../../src/digest/alert-matcher.js';
import { dialectsUnderTest, type TestDatabase } from '../../helpers/databases.js';
import { digestRig, story, TestClock, TOPICS } from '../../helpers/delivery.js';

describe('literal term matching', () => {
  it('ignores case and width, matches whole words and CJK anywhere, never as a pattern', () => {
    const text = normalizeTerm('ＰＢｏＣ expands Digital Yuan trials; 数字人民币试点扩大 (a.b)');
    expect(containsTerm(text, normalizeTerm('digital yuan'))).toBe(true);
    expect(containsTerm(text, normalizeTerm('pboc'))).toBe(true);
    expect(containsTerm(text, normalizeTerm('数字人民币'))).toBe(true);
    expect(containsTerm(text, normalizeTerm('yua'))).toBe(false);
    expect(containsTerm(text, normalizeTerm('a.b'))).toBe(true);
    expect(containsTerm(text, normalizeTerm('a.*'))).toBe(false);
  });
});

for (const dialect of dialectsUnderTest()) {
  describe(`alert matcher on ${dialect.name}`, () => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });

    it('alerts once per story per conversation, never for history or first-pass stories, and folds the overflow', async () => {
      t = await dialect.fresh();
      const clock = new TestClock(Date.parse('2027-03-15T10:00:00Z'));
      const r = digestRig(t.database, clock);
      const matcher = new AlertMatcher({ feed: r.feed, alerts: r.alerts, outbox: r.outbox, topics: TOPICS, clock, perHour: 2 });
      r.feed.add(story('hist', 'Digital yuan history', '2027-03-14T10:00:00Z'));
      await r.service.subscribe('telegram:7', 'cbdc');
      await r.service.subscribe('telegram:7', '"Digital Yuan"');
      await r.service.subscribe('discord:8', '数字人民币');
      expect(await matcher.pass()).toBe(0); // the cursor starts at the newest story
      r.feed.add(story('s1', 'Digital yuan reaches Hong Kong', '2027-03-15T10:00:00Z'));
      r.feed.add(story('s2', '数字人民币 pilot', '2027-03-15T10:00:00Z', ['policy']));
      r.feed.add(story('bf', 'Digital yuan backfill', '2027-03-15T10:00:00Z', ['cbdc'], { firstPass: true }));
      expect(await matcher.pass()).toBe(2);
      expect(await r.outbox.get('alert:telegram:7:s1')).toBeDefined();
      expect(await r.outbox.get('alert:discord:8:s2')).toBeDefined();
      expect(await r.outbox.get('alert:telegram:7:bf')).toBeUndefined();
      expect(JSON.parse((await r.outbox.get('alert:telegram:7:s1'))!.payload).sections[0].items[0].text).toContain('Digital yuan reaches Hong Kong');
      // Cap 2 per hour: the second goes out, the third and fourth are folded into one message after the hour.
      for (const id of ['c1', 'c2', 'c3']) r.feed.add(story(id, `CBDC news ${id}`, '2027-03-15T10:10:00Z'));
      expect(await matcher.pass()).toBe(1);
      expect(await r.outbox.get('alert:telegram:7:c2')).toBeUndefined();
      clock.set('2027-03-15T11:00:01Z');
      await matcher.pass();
      const more = await r.outbox.get(`alerts-more:telegram:7:${Date.parse('2027-03-15T10:00:00Z')}`);
      expect(JSON.parse(more!.payload).title).toBe('2 more alerts');
      await matcher.pass();
      expect((await r.outbox.stats(clock.t)).pending).toBe(4);
    });
  });
}
