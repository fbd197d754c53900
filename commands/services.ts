/**
 * The services bag every command receives. Ports only: no platform SDK, no storage client.
 * Later features add optional members (news, subscriptions) without touching existing commands.
 */
import type { CommandDefinition } from '../src/core/command.js';
import { defineCommand as defineCoreCommand } from '../src/core/command.js';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base.js';
import type { NewsService } from '../src/news/news-service.js';

export interface Services {
  knowledge: KnowledgeBase;
  /** Package version, shown by /about. */
  version: string;
  /** Ingested news (/news, /sources); absent when the news pipeline is not running. */
  news?: NewsService;
  /** The durable store's engine and schema version (newest applied migration), shown by /about. */
  storage?: { dialect: string; schemaVersion: string };
}

/** A command of this application. */
export type AppCommand = CommandDefinition<Services>;

/** defineCommand bound to this application's services. */
export function defineCommand(def: AppCommand): AppCommand {
  return defineCoreCommand<Services>(def);
}
