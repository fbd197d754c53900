import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { EXIT_CONFIG, exitCodeFor } from '../../src/exit-codes.js';
import { KnowledgeLoadError } from '../../src/knowledge/loader.js';

describe('numeric settings state their allowed range', () => {
  it.each([
    ['NEWS_RETENTION_DAYS', 'abc', 'from 1 to 3650'],
    ['NEWS_RETENTION_DAYS', '0', 'from 1 to 3650'],
    ['NEWS_RETENTION_DAYS', '2.5', 'from 1 to 3650'],
    ['FEEDS_TIMEOUT_MS', 'soon', 'from 100 to 120000'],
    ['FEEDS_MAX_BYTES', '1', 'from 1024 to 104857600'],
    ['TELEGRAM_WEBHOOK_PORT', '70000', 'from 1 to 65535'],
  ])('%s=%s', (name, value, range) => {
    const err = (() => {
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(`${name}: must be a whole number ${range}`);
    expect(msg).not.toMatch(/NaN|expected number/);
  });
  it('still accepts a value in range', () => {
    expect(loadConfig({ NEWS_RETENTION_DAYS: '30' }).NEWS_RETENTION_DAYS).toBe(30);
  });
});

describe('one exit code for configuration errors', () => {
  it('is 78 for the environment and for configuration files, 1 otherwise', () => {
    expect(EXIT_CONFIG).toBe(78);
    expect(exitCodeFor(new ConfigError('x'))).toBe(78);
    expect(exitCodeFor(new KnowledgeLoadError('x'))).toBe(78);
    expect(exitCodeFor(new Error('x'))).toBe(1);
  });
});
