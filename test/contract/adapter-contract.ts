/**
 * The contract every adapter passes: same command in, equivalent answer out, errors shown,
 * permissions enforced. Each adapter supplies a driver that pushes a command through its real
 * platform path (console: text lines; Discord: interactions; Telegram: updates) and reads back
 * what a user would see, as plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { BotCore } from '../../src/core/dispatch.js';
import { defineCommand } from '../../commands/services.js';
import type { Services } from '../../commands/services.js';
import { commands } from '../../commands/index.js';
import { describePushContract, type PushDriver, type PushFault } from './push-contract.js';

/** What a user sees after one command. */
export interface DriverAnswer {
  /** Everything visible, as plain text (markup removed, entities decoded). */
  text: string;
  /** Whether the adapter presented it as an error. */
  isError: boolean;
  /** Every link URL in the answer. */
  links: string[];
}

/** Runs commands through one adapter. */
export interface AdapterDriver {
  /** Runs `/command` with named args as a member (or a moderator when `moderator` is true). */
  run(command: string, args: Record<string, string | number>, opts?: { moderator?: boolean }): Promise<DriverAnswer>;
  /** The adapter's push port and a view of what its conversations show. */
  push: PushDriver;
  close(): Promise<void>;
}

/** A moderator-only command used to check that adapters enforce permissions with platform data. */
export const contractModCommand = defineCommand({
  data: {
    name: 'contract-mod',
    description: 'Moderator-only probe used by the adapter contract suite',
    permission: 'moderator',
    options: [],
    examples: ['/contract-mod'],
  },
  async execute() {
    return { title: 'Moderator probe', text: 'moderator access confirmed' };
  },
});

/** Builds the core the contract runs against: every real command plus the moderator probe. */
export async function createContractCore(): Promise<BotCore<Services>> {
  const { services } = await createApp();
  return new BotCore<Services>({
    commands: [...commands, contractModCommand],
    services,
    autocomplete: async (source, q) => services.knowledge.complete(source, q),
  });
}

/**
 * Registers the contract suite for one adapter: commands in, answers out, and its push port
 * (`pushFaults`: the failures its platform has, each of which must map to the same outcome).
 */
export function describeAdapterContract(
  name: string,
  makeDriver: (core: BotCore<Services>) => Promise<AdapterDriver>,
  pushFaults: PushFault[] = [],
): void {
  describe(`adapter contract: ${name}`, () => {
    let driver: AdapterDriver;
    beforeAll(async () => {
      driver = await makeDriver(await createContractCore());
    });
    afterAll(async () => {
      await driver?.close();
    });

    it('/help lists every public command', async () => {
      const a = await driver.run('help', {});
      expect(a.isError).toBe(false);
      // Each platform names commands its own way (Telegram: /city_rank); both forms are the same command.
      for (const c of commands.filter((c) => c.data.permission === 'everyone')) {
        expect(a.text.includes(`/${c.data.name}`) || a.text.includes(`/${c.data.name.replace(/-/g, '_')}`), c.data.name).toBe(true);
      }
    });

    it('/about shows the version and the knowledge as-of date', async () => {
      const a = await driver.run('about', {});
      expect(a.isError).toBe(false);
      expect(a.text).toMatch(/\d+\.\d+\.\d+/);
      expect(a.text).toMatch(/\d{4}-\d{2}-\d{2}/);
    });

    it('/city-rank shows the headline index with Beijing 99.82 and a source link', async () => {
      const a = await driver.run('city-rank', {});
      expect(a.isError).toBe(false);
      expect(a.text).toContain('Beijing');
      expect(a.text).toContain('99.82');
      expect(a.text).toContain('2020');
      expect(a.links.some((l) => /^https?:\/\//.test(l))).toBe(true);
    });

    it('/cbdc-status China answers with the e-CNY pilot, dated figures and a source', async () => {
      const a = await driver.run('cbdc-status', { country: 'China' });
      expect(a.isError).toBe(false);
      expect(a.text).toMatch(/e-CNY/);
      expect(a.text.toLowerCase()).toContain('pilot');
      expect(a.text).toMatch(/as of/i);
      expect(a.links.length).toBeGreaterThan(0);
    });

    it('/china-blockchain fujian shows the 20 projects of September 2020', async () => {
      const a = await driver.run('china-blockchain', { topic: 'fujian' });
      expect(a.isError).toBe(false);
      expect(a.text).toMatch(/\b20\b[^.]*Digital Fujian|Digital Fujian[^.]*\b20\b/);
      expect(a.text).toMatch(/2020-09-13/);
    });

    it('a wrong argument is shown as an error with help, not an empty answer', async () => {
      const a = await driver.run('cbdc-status', { country: 'Atlantis' });
      expect(a.isError).toBe(true);
      expect(a.text).toContain('Atlantis');
    });

    it('an out-of-range number names the allowed range', async () => {
      const a = await driver.run('city-rank', { top: 40 });
      expect(a.isError).toBe(true);
      expect(a.text).toMatch(/between 1 and 25/);
    });

    it('a moderator command is refused to a member and allowed to a moderator', async () => {
      const member = await driver.run('contract-mod', {}, { moderator: false });
      expect(member.isError).toBe(true);
      expect(member.text).toMatch(/moderators only/i);
      const mod = await driver.run('contract-mod', {}, { moderator: true });
      expect(mod.isError).toBe(false);
      expect(mod.text).toContain('moderator access confirmed');
    });

    describePushContract(name, () => driver.push, pushFaults);
  });
}
