/**
 * ConversationRef: one string form for "where a message goes", e.g. `discord:123`,
 * `telegram:-100456`, `console:local`, optionally with a thread: `discord:123/789`.
 */

/** Platforms the core knows about. */
export type Platform = 'discord' | 'telegram' | 'console';

/** A conversation address in its string form. */
export type ConversationRef = `${Platform}:${string}`;

/** The parts of a ConversationRef. */
export interface ConversationParts {
  platform: Platform;
  id: string;
  threadId?: string;
}

/** Builds the string form from its parts. */
export function formatConversation(parts: ConversationParts): ConversationRef {
  if (!/^[A-Za-z0-9_-]+$/.test(parts.id)) throw new Error(`invalid conversation id: ${JSON.stringify(parts.id)}`);
  if (parts.threadId !== undefined && !/^[A-Za-z0-9_-]+$/.test(parts.threadId)) {
    throw new Error(`invalid thread id: ${JSON.stringify(parts.threadId)}`);
  }
  const base = `${parts.platform}:${parts.id}` as ConversationRef;
  return parts.threadId ? (`${base}/${parts.threadId}` as ConversationRef) : base;
}

/** Parses the string form; throws on anything malformed. */
export function parseConversation(ref: string): ConversationParts {
  const m = /^(discord|telegram|console):([A-Za-z0-9_-]+)(?:\/([A-Za-z0-9_-]+))?$/.exec(ref);
  if (!m) throw new Error(`invalid conversation ref: ${JSON.stringify(ref)}`);
  const parts: ConversationParts = { platform: m[1] as Platform, id: m[2]! };
  if (m[3]) parts.threadId = m[3];
  return parts;
}

/** True when the string is a well-formed ConversationRef. */
export function isConversationRef(ref: string): ref is ConversationRef {
  try {
    parseConversation(ref);
    return true;
  } catch {
    return false;
  }
}
