/**
 * `npm run db:backup -- <file>`: an online backup of the SQLite store named by STORE_URL into a new
 * file, safe while the bot runs. A PostgreSQL store is backed up with pg_dump.
 */
import 'dotenv/config';
import { loadConfig } from '../config.js';
import { sqlitePath } from '../storage/database.js';
import { backupSqlite } from './backup.js';

async function run(argv: string[]): Promise<number> {
  const target = argv[0];
  if (!target || argv.length > 1) {
    process.stderr.write('usage: npm run db:backup -- <new-file.sqlite>\n');
    return 2;
  }
  const url = loadConfig().STORE_URL;
  if (!url.startsWith('sqlite://')) {
    process.stderr.write('chainbrief: db:backup copies a SQLite store; back up PostgreSQL with pg_dump\n');
    return 2;
  }
  const file = sqlitePath(url);
  const { pages } = await backupSqlite(file, target);
  process.stdout.write(`backed up ${file} to ${target} (${pages} pages, quick_check ok)\n`);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chainbrief: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
