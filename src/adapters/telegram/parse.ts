/**
 * Incoming Telegram payloads we read, validated with zod, and the step from a message to the text
 * line the core parses. Real Telegram marks `/china-blockchain` as a bot_command entity covering
 * only `/china`; the core's parser reads the whole word, so the line is passed on from the
 * command's start and the hyphenated form still works. `/cmd@bot` arrives as one entity.
 */
import { z } from 'zod';

const chatSchema = z.object({ id: z.number().int(), type: z.string(), title: z.string().optional(), username: z.string().optional() });
const userSchema = z.object({ id: z.number().int(), is_bot: z.boolean().optional(), first_name: z.string().optional(), username: z.string().optional() });
const entitySchema = z.object({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(0) });

/** The parts of a Message the adapter uses. */
export const messageSchema = z.object({
  message_id: z.number().int(),
  chat: chatSchema,
  from: userSchema.optional(),
  sender_chat: chatSchema.optional(),
  text: z.string().optional(),
  entities: z.array(entitySchema).optional(),
  message_thread_id: z.number().int().optional(),
  is_topic_message: z.boolean().optional(),
  is_automatic_forward: z.boolean().optional(),
});
export type IncomingMessage = z.infer<typeof messageSchema>;

/** The parts of a CallbackQuery the adapter uses. */
export const callbackSchema = z.object({
  id: z.string(),
  from: userSchema,
  data: z.string().optional(),
  message: z
    .object({
      message_id: z.number().int(),
      chat: chatSchema,
      message_thread_id: z.number().int().optional(),
      is_topic_message: z.boolean().optional(),
    })
    .optional(),
});
export type IncomingCallback = z.infer<typeof callbackSchema>;

/** An update reduced to what we handle. */
export type IncomingUpdate =
  | { kind: 'message'; message: IncomingMessage }
  | { kind: 'callback'; callback: IncomingCallback }
  | { kind: 'ignored' };

const updateSchema = z.object({
  message: messageSchema.optional(),
  channel_post: messageSchema.optional(),
  callback_query: callbackSchema.optional(),
});

/** Classifies a raw update; anything malformed or uninteresting is `ignored`. */
export function readUpdate(raw: unknown): IncomingUpdate {
  const parsed = updateSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored' };
  const msg = parsed.data.message ?? parsed.data.channel_post;
  if (msg) return { kind: 'message', message: msg };
  if (parsed.data.callback_query) return { kind: 'callback', callback: parsed.data.callback_query };
  return { kind: 'ignored' };
}

/**
 * The command line of a message (`/china-blockchain fujian`, `/city_rank@bot top 5`) or null when
 * the message does not start with a command. Telegram's bot_command entity at offset 0 is the
 * signal; a text starting with `/` is accepted too (some clients and channel posts omit entities).
 */
export function commandLine(msg: Pick<IncomingMessage, 'text' | 'entities'>): string | null {
  const text = msg.text;
  if (!text) return null;
  const first = msg.entities?.find((e) => e.type === 'bot_command');
  const startsWithCommand = first ? first.offset === 0 : /^\/[A-Za-z0-9_]/.test(text);
  if (!startsWithCommand) return null;
  // Telegram's entity may end early (`/china` of `/china-blockchain`): the core reads the whole
  // first word, so the text is handed on as typed rather than cut at the entity's end.
  return /^\/[A-Za-z0-9_-]+(?:@[A-Za-z0-9_]+)?(?=\s|$)/.test(text) ? text : null;
}
