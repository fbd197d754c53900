/**
 * INTERACTION_CREATE payloads as Discord sends them: slash commands (typed from the commands the
 * bot registered, like Discord does), autocomplete and button presses, in a guild or a DM.
 */
import { snowflake, type FakeDiscord } from './discord-server.js';

/** Who is acting and where. */
export interface ActorSpec {
  userId?: string;
  /** Member has Manage Server (0x20). */
  moderator?: boolean;
  /** Administrator (0x8) instead. */
  admin?: boolean;
  /** In a DM instead of the guild channel. */
  dm?: boolean;
}

/** VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS */
const MEMBER_PERMS = 0x400n | 0x800n | 0x4000n | 0x10000n | 0x80000000n;
export const DEFAULT_USER_ID = '200000000000000001';

interface RegisteredOption {
  name: string;
  type: number;
}
interface RegisteredCommand {
  name: string;
  options?: RegisteredOption[];
}

function user(id: string) {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
}

/** The common envelope of an interaction: ids, token, who and where. */
export function envelope(fake: FakeDiscord, type: number, actor: ActorSpec) {
  const id = snowflake();
  const token = `tok-${snowflake()}`;
  const userId = actor.userId ?? DEFAULT_USER_ID;
  const base = {
    id,
    token,
    type,
    application_id: fake.applicationId,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    app_permissions: String(MEMBER_PERMS),
    attachment_size_limit: 26_214_400,
  };
  if (actor.dm) {
    const dmChannel = `3${userId.slice(1)}`;
    return {
      ...base,
      user: user(userId),
      channel_id: dmChannel,
      channel: { id: dmChannel, type: 1, flags: 0 },
      context: 1,
      authorizing_integration_owners: { '0': fake.guildId },
    };
  }
  let perms = MEMBER_PERMS;
  if (actor.moderator) perms |= 0x20n;
  if (actor.admin) perms |= 0x8n;
  return {
    ...base,
    guild_id: fake.guildId,
    guild_locale: 'en-US',
    channel_id: fake.channelId,
    channel: { id: fake.channelId, type: 0, guild_id: fake.guildId, name: 'general', position: 0, permissions: String(perms), flags: 0 },
    member: {
      user: user(userId),
      roles: [],
      permissions: String(perms),
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
      communication_disabled_until: null,
    },
    context: 0,
    authorizing_integration_owners: { '0': fake.guildId },
  };
}

function registeredCommand(fake: FakeDiscord, name: string): RegisteredCommand {
  for (const list of fake.registered.values()) {
    const hit = (list as RegisteredCommand[]).find((c) => c.name === name);
    if (hit) return hit;
  }
  throw new Error(`fake discord: /${name} is not registered, so Discord would not send it`);
}

function typedOptions(cmd: RegisteredCommand, args: Record<string, string | number>, focused?: string) {
  return Object.entries(args).map(([name, value]) => {
    const opt = cmd.options?.find((o) => o.name === name);
    if (!opt) throw new Error(`fake discord: /${cmd.name} has no registered option ${name}`);
    return { name, type: opt.type, value, ...(focused === name ? { focused: true } : {}) };
  });
}

/** A slash command interaction (type 2) for a registered command. */
export function chatInput(fake: FakeDiscord, name: string, args: Record<string, string | number>, actor: ActorSpec = {}) {
  const cmd = registeredCommand(fake, name);
  return { ...envelope(fake, 2, actor), data: { id: snowflake(), name, type: 1, options: typedOptions(cmd, args) } };
}

/** An autocomplete interaction (type 4) with `focused` being typed. */
export function autocomplete(fake: FakeDiscord, name: string, focused: string, value: string, actor: ActorSpec = {}) {
  const cmd = registeredCommand(fake, name);
  return { ...envelope(fake, 4, actor), data: { id: snowflake(), name, type: 1, options: typedOptions(cmd, { [focused]: value }, focused) } };
}

/**
 * A button press (type 3) on a message the bot sent (its body as recorded); when the fake knows
 * that message, the press carries it as it stands now, and the interaction's @original is it.
 */
export function buttonPress(fake: FakeDiscord, messageBody: unknown, customId: string, actor: ActorSpec = {}) {
  const base = envelope(fake, 3, actor);
  return { ...base, message: fake.componentMessage(messageBody, base.token), data: { custom_id: customId, component_type: 2 } };
}
