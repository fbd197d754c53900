/**
 * The discord.js client as chainbrief uses it: Guilds intent only, no mention parsing anywhere,
 * an optional REST base (proxy or test server). Interaction replies let @discordjs/rest wait out
 * rate limits; pushes use their own REST client (push.ts) that never waits or retries.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

export interface ClientOptions {
  /** REST base without version, e.g. `http://127.0.0.1:8080/api`; default Discord's. */
  apiUrl?: string | undefined;
}

/** Creates (but does not log in) the client. */
export function createDiscordClient(opts: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: opts.apiUrl ? { api: opts.apiUrl.replace(/\/+$/, '') } : {},
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
