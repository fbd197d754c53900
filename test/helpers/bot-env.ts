/** The environment of a bot process started by a test or a benchmark: offline, no platform, its own SQLite file. */
import path from 'node:path';

/** PATH and HOME only, a SQLite store in `dir`, no ingest and no platform token. */
export function offlineBotEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}`,
    INGEST_SCHEDULE: 'off',
    DISCORD_TOKEN: '',
    TELEGRAM_BOT_TOKEN: '',
  };
}
