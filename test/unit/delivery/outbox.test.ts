import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../src/delivery/outbox.js';
import { DigestRepository } from '../../../src/digest/digest-repository.js';
import { dialectsUnderTest, type TestDatabase } from '../../helpers/databases.js';

for (const dialect of dialectsUnderTest()) {
  describe(`outbox and digest tables on ${dialect.name}`, () => {
    let t: TestDatabase | undefined;
    afterEach(async () => {
      await t?.cleanup();
      t = undefined;
    });
    const open = async (): Promise<{ outbox: Outbox; digests: DigestRepository }> => {
      t = await dialect.fresh();
      return { outbox: new Outbox(t.database.db, t.database.dialect), digests: new DigestRepository(t.database.db) };
    };

    it('enqueues a key once, however often it is asked', async () => {
      const { outbox } = await open();
      const req = { key: 'digest:1:100', kind: 'digest' as const, conversation: 'telegram:-5', payload: { title: 'x' } };
      expect(await outbox.enqueue(req, 1)).toBe(true);
      expect(await outbox.enqueue({ ...req, payload: { title: 'changed' } }, 2)).toBe(false);
      const row = await outbox.get('digest:1:100');
      expect(JSON.parse(row!.payload)).toEqual({ title: 'x' });
      expect(row!.platform).toBe('telegram');
    });

    it('claims each due row for one owner only, and expired leases again', async () => {
      const { outbox } = await open();
      for (let i = 0; i < 5; i++) await outbox.enqueue({ key: `k${i}`, kind: 'alert', conversation: `discord:${i}`, payload: {} }, 0);
      await outbox.enqueue({ key: 'later', kind: 'alert', conversation: 'discord:9', payload: {}, notBefore: 1000 }, 0);
      await outbox.enqueue({ key: 'tg', kind: 'alert', conversation: 'telegram:9', payload: {} }, 0);
      const [a, b] = await Promise.all([outbox.claim('discord', 'A', 10, 100, 3), outbox.claim('discord', 'B', 10, 100, 3)]);
      const ids = [...a, ...b].map((r) => r.key).sort();
      expect(ids).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
      expect(await outbox.claim('discord', 'C', 20, 100, 10)).toEqual([]);
      // Leases of A and B expire at 110: everything they held is claimable again.
      expect((await outbox.claim('discord', 'C', 111, 100, 10)).length).toBe(5);
      expect(await outbox.claim('discord', 'D', 200, 100, 10)).toEqual([]);
      // At 1000 the delayed row is due and C's leases (until 211) have lapsed; telegram rows never show up.
      expect((await outbox.claim('discord', 'D', 1000, 100, 10)).map((r) => r.key).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'later']);
    });

    it('settles only for the lease owner and reports stats', async () => {
      const { outbox } = await open();
      await outbox.enqueue({ key: 'k', kind: 'alert', conversation: 'discord:1', payload: {} }, 0);
      const [row] = await outbox.claim('discord', 'A', 1000, 100, 1);
      expect(await outbox.stats(5000)).toEqual({ pending: 1, oldestAgeS: 5 });
      expect(await outbox.settle(row!.id, 'B', { state: 'sent' }, 1001)).toBe(false);
      expect(await outbox.settle(row!.id, 'A', { state: 'sent', message_ids: '["m1"]' }, 1001)).toBe(true);
      expect(await outbox.stats(5000)).toEqual({ pending: 0, oldestAgeS: 0 });
    });

    it('gives the sender lease of a platform to one owner until it lapses or is released', async () => {
      const { outbox } = await open();
      expect(await outbox.acquireSenderLease('telegram', 'A', 0, 100)).toBe(true);
      expect(await outbox.acquireSenderLease('telegram', 'B', 50, 100)).toBe(false);
      expect(await outbox.acquireSenderLease('discord', 'B', 50, 100)).toBe(true);
      expect(await outbox.acquireSenderLease('telegram', 'A', 90, 100)).toBe(true);
      expect(await outbox.acquireSenderLease('telegram', 'B', 150, 100)).toBe(false);
      expect(await outbox.acquireSenderLease('telegram', 'B', 191, 100)).toBe(true);
      await outbox.releaseSenderLease('telegram', 'B');
      expect(await outbox.acquireSenderLease('telegram', 'A', 192, 100)).toBe(true);
    });

    it('claims a digest slot once, lists due digests and skips paused conversations', async () => {
      const { digests } = await open();
      const d = await digests.set('telegram:-1', 'telegram', { schedule: 'daily 09:00', timezone: 'UTC', topics: ['cbdc'], maxItems: 5, nextSlotAt: 100, createdBy: 'u' }, 0);
      await digests.set('discord:2', 'discord', { schedule: 'daily 10:00', timezone: 'UTC', topics: [], maxItems: 5, nextSlotAt: 100, createdBy: 'u' }, 0);
      expect(d.topics).toEqual(['cbdc']);
      expect((await digests.listDue(99, 10)).length).toBe(0);
      expect((await digests.listDue(100, 10)).length).toBe(2);
      await digests.pause('discord:2', 'blocked', 'bot removed', 5);
      expect((await digests.listDue(100, 10)).map((x) => x.conversation)).toEqual(['telegram:-1']);
      const results = await Promise.all([digests.claimSlot(d.id, 100, 200, 101), digests.claimSlot(d.id, 100, 200, 101)]);
      expect(results.filter(Boolean).length).toBe(1);
      expect(await digests.resume('discord:2')).toBe(true);
      expect(await digests.pauseOf('discord:2')).toBeUndefined();
    });
  });
}
