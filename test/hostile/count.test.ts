/** The hostile corpus holds at least 200 cases (issue 12); prints the count per kind. */
import { describe, expect, it } from 'vitest';
import { caseCounts } from './cases.js';

describe('hostile corpus size', () => {
  it('has at least 200 cases across arguments, feeds and platform payloads', () => {
    const counts = caseCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`hostile corpus: ${total} cases — ${Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join('; ')}\n`);
    expect(total).toBeGreaterThanOrEqual(200);
    // Each of the three kinds the issue names is covered.
    expect(counts['command arguments (text × command)']! + counts['command lines (options, names)']!).toBeGreaterThan(0);
    expect(counts['feed items (text × format)']! + counts['hostile feeds']!).toBeGreaterThan(0);
    expect(counts['Telegram payloads']! + counts['Discord payloads']!).toBeGreaterThan(0);
  });
});
