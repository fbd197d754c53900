/**
 * Builds the platform-neutral application: knowledge base + services + BotCore. Used by main.ts,
 * the one-shot CLI, adapters' tests and the contract suite, so they all run the same bot.
 */
import { commands } from '../commands/index.js';
import type { Services } from '../commands/services.js';
import { BotCore, type BotCoreOptions } from './core/dispatch.js';
import type { Clock } from './core/command.js';
import type { Logger } from './core/logger.js';
import { KnowledgeBase } from './knowledge/knowledge-base.js';
import { readKnowledgeSnapshot } from './knowledge/snapshot.js';
import { VERSION } from './version.js';

export interface AppOptions {
  knowledgeDir?: string;
  clock?: Clock;
  logger?: Logger;
  /** Extra services (news, subscriptions) merged into the bag. */
  extraServices?: Partial<Services>;
  /** Metrics hook: one call per command answered. */
  onCommand?: BotCoreOptions<Services>['onCommand'];
}

/** The assembled core and its services. */
export interface App {
  core: BotCore<Services>;
  services: Services;
}

const knowledgeCache = new Map<string, Promise<KnowledgeBase>>();

/**
 * Loads (once per directory per process) and indexes the knowledge store: from the build's snapshot
 * when it matches the files, else parsed and validated in full (the loader is imported only then).
 */
export function loadKnowledgeBase(dir = 'config/knowledge'): Promise<KnowledgeBase> {
  let p = knowledgeCache.get(dir);
  if (!p) {
    p = readKnowledgeSnapshot(dir)
      .then(async (snap) => snap ?? (await import('./knowledge/loader.js')).loadKnowledge(dir))
      .then((d) => new KnowledgeBase(d));
    p.catch(() => knowledgeCache.delete(dir));
    knowledgeCache.set(dir, p);
  }
  return p;
}

/** Builds the core with every command. */
export async function createApp(opts: AppOptions = {}): Promise<App> {
  const knowledge = await loadKnowledgeBase(opts.knowledgeDir ?? 'config/knowledge');
  const services: Services = { knowledge, version: VERSION, ...opts.extraServices };
  const core = new BotCore<Services>({
    commands,
    services,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
    autocomplete: async (source, query) => {
      if (source === 'command') {
        // Moderator commands are not offered here: autocomplete does not know who is typing.
        return commands
          .filter((c) => c.data.permission === 'everyone' && c.data.name.includes(query.toLowerCase().replace(/^\//, '')))
          .map((c) => ({ name: `/${c.data.name}`, value: c.data.name }));
      }
      return knowledge.complete(source, query);
    },
  });
  return { core, services };
}
