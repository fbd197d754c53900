import { describe, expect, it } from 'vitest';
import { ConfigError, enabledAdapters, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has sensible defaults', () => {
    const c = loadConfig({});
    expect(c.STORE_URL).toBe('sqlite://data/chainbrief.sqlite');
    expect(c.LOG_LEVEL).toBe('info');
    expect(enabledAdapters(c)).toEqual(['console']);
  });
  it('enables adapters from tokens; empty strings count as unset', () => {
    expect(enabledAdapters(loadConfig({ DISCORD_TOKEN: 'x', TELEGRAM_BOT_TOKEN: '' }))).toEqual(['discord']);
    expect(enabledAdapters(loadConfig({ DISCORD_TOKEN: 'x', TELEGRAM_BOT_TOKEN: 'y' }))).toEqual(['discord', 'telegram']);
  });
  it('checks the ingest schedule and the webhook settings', () => {
    expect(loadConfig({ INGEST_SCHEDULE: 'off' }).INGEST_SCHEDULE).toBe('off');
    expect(() => loadConfig({ INGEST_SCHEDULE: 'every minute' })).toThrow(/INGEST_SCHEDULE: must be a cron expression/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'http://bot.example.org/hook' })).toThrow(/TELEGRAM_WEBHOOK_URL: must be an https/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'has spaces!' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(loadConfig({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook', TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-1' }).TELEGRAM_WEBHOOK_SECRET).toBe('abc_DEF-1');
  });
  it('names the bad variable in one line and never echoes secrets', () => {
    try {
      loadConfig({ LOG_LEVEL: 'loud', STORE_URL: 'mysql://x', DISCORD_TOKEN: 'super-secret-token' , DISCORD_GUILD_ID: 'abc' });
      throw new Error('should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('LOG_LEVEL');
      expect(msg).toContain('STORE_URL');
      expect(msg).toContain('DISCORD_GUILD_ID');
      expect(msg).not.toContain('super-secret-token');
      expect(msg.split('\n')).toHaveLength(1);
    }
  });

  it('accepts sqlite:// and postgres:// stores, and sends a Redis STORE_URL to REDIS_URL', () => {
    expect(loadConfig({ STORE_URL: 'postgres://bot@db:5432/chainbrief' }).STORE_URL).toBe('postgres://bot@db:5432/chainbrief');
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig({ STORE_URL: 'redis://127.0.0.1:6379' })).toThrow(/STORE_URL: [^;]*REDIS_URL[^;]*\. See/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL: must start with redis:\/\//);
  });
});
