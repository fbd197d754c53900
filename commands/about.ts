/** /about — version, knowledge as-of date, number of facts and sources. */
import type { Reply } from '../src/core/reply.js';
import { defineCommand } from './services.js';

export default defineCommand({
  data: {
    name: 'about',
    description: 'What chainbrief is, its version and how current its knowledge is',
    permission: 'everyone',
    dmAllowed: true,
    options: [],
    examples: ['/about'],
  },
  async execute({ services }): Promise<Reply> {
    const s = services.knowledge.stats();
    return {
      title: 'About chainbrief',
      text:
        'chainbrief answers questions about China’s blockchain push and central bank digital currencies from a curated, ' +
        'source-checked knowledge store. Claims that are disputed or unverified are marked as such.',
      fields: [
        { name: 'Version', value: services.version, inline: true },
        { name: 'Knowledge as of', value: s.asOf, inline: true },
        { name: 'Facts', value: `${s.facts} (${s.byStatus.verified} verified, ${s.byStatus.disputed} disputed, ${s.byStatus.unverified} unverified)`, inline: true },
        { name: 'Newest event', value: s.newestEvent, inline: true },
        { name: 'Oldest check', value: s.oldestCheck, inline: true },
        { name: 'Sources', value: String(s.sources), inline: true },
        ...(services.storage ? [{ name: 'Store', value: `${services.storage.dialect}, schema ${services.storage.schemaVersion}`, inline: true }] : []),
        { name: 'Coverage', value: `${s.countries} CBDC jurisdictions, ${s.cities} cities, ${s.events} timeline events`, inline: false },
      ],
      asOf: s.asOf,
      footer: 'Open source. Corrections to the knowledge store are reviewed like code.',
    };
  },
});
