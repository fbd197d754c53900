/**
 * The discord.js client as chainbrief uses it: Guilds intent only, no mention parsing anywhere,
 * an optional REST base (proxy or test server), and channel-post 429s handed to our sender.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { isChannelPostRoute } from './sender.js';

export interface ClientOptions {
  /** REST base without version, e.g. `http://127.0.0.1:8080/api`; default Discord's. */
  apiUrl?: string | undefined;
}

/** Creates (but does not log in) the client. */
export function createDiscordClient(opts: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: {
      ...(opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {}),
      // Channel posts report rate limits to the sender (which honours retry_after and maps errors);
      // everything else (interaction replies, registration) lets @discordjs/rest wait and retry.
      rejectOnRateLimit: (data) => isChannelPostRoute(data.route),
    },
  });
}

/** Logs in and resolves once the gateway session is ready (guilds received). */
export async function loginAndWait(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    client.once(Events.Error, reject);
  });
  await client.login(token);
  await ready;
}
