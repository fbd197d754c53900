import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { renderPlain } from '../../../src/adapters/console/render.js';
import type { Actor } from '../../../src/core/command.js';
import type { BotCore } from '../../../src/core/dispatch.js';
import type { Services } from '../../../commands/services.js';

const mod: Actor = { platform: 'console', userId: 'u', isModerator: true };
let core: BotCore<Services>;
beforeAll(async () => {
  core = (await createApp()).core;
});

async function helpFor(name: string): Promise<string> {
  const r = await core.handleText(`/help ${name}`, mod, 'console:local');
  expect(r?.kind).not.toBe('error');
  return renderPlain(r!);
}

describe('/help <command>', () => {
  it('each page shows its own example, never another command’s', async () => {
    for (const c of core.commands) {
      const text = await helpFor(c.name);
      const foreign = core.commands.filter((o) => o.name !== c.name && !c.examples.some((e) => e.includes(o.name)));
      for (const o of foreign) expect(text, `/help ${c.name} mentions /${o.name}`).not.toMatch(new RegExp(`/${o.name}\\b`));
      if (c.name !== 'city-rank') expect(text, `/help ${c.name}`).not.toContain('index:ccid-2019 top:5');
    }
  });
  it('commands without options say they take none', async () => {
    expect(await helpFor('about')).toContain('/about takes no arguments.');
    expect(await helpFor('sources')).toContain('/sources takes no arguments.');
  });
  it('the named-form example comes from the command’s own examples', async () => {
    expect(await helpFor('cbdc-status')).toContain('e.g. /cbdc-status country:China');
    expect(await helpFor('news')).toMatch(/e\.g\. \/news topic:cbdc/);
  });
  it('documents the page: option the footers mention', async () => {
    expect(await helpFor('cbdc-status')).toMatch(/page: When an answer says "Page 1\/3", add page:2/);
    const overview = renderPlain((await core.handleText('/help', mod, 'console:local'))!);
    expect(overview).toContain('add page:2');
  });
});
