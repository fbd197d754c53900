/**
 * Process exit codes shared by `npm start` (src/main.ts) and the one-shot CLI (src/cli.ts), so the
 * same problem exits with the same code from both.
 */
import type { ConfigError } from './config.js';
import type { KnowledgeLoadError } from './knowledge/loader.js';
import type { FeedsConfigError } from './news/feeds-config.js';
import type { TopicsConfigError } from './news/topics-config.js';

/**
 * The configuration errors, by class name: matched by name so that importing this module does not
 * load the YAML loaders and schemas (the one-shot CLI loads them only when it needs them).
 */
const CONFIG_ERROR_NAMES: ReadonlySet<string> = new Set<(ConfigError | KnowledgeLoadError | FeedsConfigError | TopicsConfigError)['name']>([
  'ConfigError',
  'KnowledgeLoadError',
  'FeedsConfigError',
  'TopicsConfigError',
]);

/** EX_CONFIG from sysexits.h: the environment or a configuration file is invalid. */
export const EXIT_CONFIG = 78;
/** Any other failure to start or run. */
export const EXIT_FAILURE = 1;

/** True for errors a user fixes by editing the environment or a configuration file. */
export function isConfigurationError(err: unknown): boolean {
  return err instanceof Error && CONFIG_ERROR_NAMES.has(err.name);
}

/** The exit code for an error that stopped the process. */
export function exitCodeFor(err: unknown): number {
  return isConfigurationError(err) ? EXIT_CONFIG : EXIT_FAILURE;
}

/** One line (or a framed block, for YAML errors) for stderr, prefixed with the program name. */
export function describeFatal(err: unknown, during: 'start' | 'run' = 'start'): string {
  const msg = err instanceof Error ? err.message : String(err);
  return isConfigurationError(err) ? `chainbrief: ${msg}` : `chainbrief: failed to ${during}: ${msg}`;
}
