/** `npm run commands:deploy` — registers chainbrief's slash commands with Discord (see README). */
import 'dotenv/config';
import { commands } from '../commands/index.js';
import { deployCommands } from '../src/adapters/discord/deploy.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openStores, type Stores } from '../src/open-stores.js';

let stores: Stores | undefined;
try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  stores = await openStores(config, logger);
  const r = await deployCommands({ config, commands: commands.map((c) => c.data), store: stores.keyv, logger });
  process.stdout.write(`Registered ${r.count} commands ${r.guildId ? `to server ${r.guildId} (instant)` : 'globally (may take up to an hour to appear)'}.\n`);
} catch (err) {
  process.stderr.write(`commands:deploy failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await stores?.close();
}
