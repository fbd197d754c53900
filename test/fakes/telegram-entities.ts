/**
 * Message entity parsing as Telegram's servers do it for plain text, for the fake Bot API:
 * bot_command (`/cmd`, `/cmd@bot`; `/china-blockchain` yields only `/china`), mention and url.
 * Offsets and lengths are in UTF-16 code units, as in the Bot API.
 */

/** A Bot API MessageEntity (the kinds the fake produces). */
export interface FakeEntity {
  type: 'bot_command' | 'mention' | 'url';
  offset: number;
  length: number;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
const isCommandChar = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/** bot_command entities, following tdlib's find_bot_commands rules. */
export function findBotCommands(text: string): FakeEntity[] {
  const out: FakeEntity[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '/') continue;
    const prev = i > 0 ? text[i - 1] : undefined;
    if (prev !== undefined && (isWordChar(prev) || prev === '/' || prev === '<' || prev === '>')) continue;
    let j = i + 1;
    while (j < text.length && isCommandChar(text[j])) j++;
    const nameLength = j - i - 1;
    if (nameLength === 0 || nameLength > 64) continue;
    let end = j;
    if (text[j] === '@') {
      let k = j + 1;
      while (k < text.length && isCommandChar(text[k])) k++;
      const userLength = k - j - 1;
      if (userLength >= 3 && userLength <= 32) end = k;
    }
    const next = text[end];
    if (next !== undefined && (isWordChar(next) || next === '/' || next === '<' || next === '>')) continue;
    out.push({ type: 'bot_command', offset: i, length: end - i });
    i = end - 1;
  }
  return out;
}

/** @username mentions (5–32 characters). */
export function findMentions(text: string): FakeEntity[] {
  const out: FakeEntity[] = [];
  for (const m of text.matchAll(/(^|[^\p{L}\p{N}_/@])@([A-Za-z0-9_]{5,32})(?![A-Za-z0-9_])/gu)) {
    out.push({ type: 'mention', offset: m.index + m[1]!.length, length: m[2]!.length + 1 });
  }
  return out;
}

/** Bare http(s) URLs. */
export function findUrls(text: string): FakeEntity[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => ({ type: 'url' as const, offset: m.index, length: m[0].length }));
}

/** Every entity of a plain-text message, sorted by offset; overlapping ones keep the first. */
export function parseEntities(text: string): FakeEntity[] {
  const all = [...findBotCommands(text), ...findUrls(text), ...findMentions(text)].sort((a, b) => a.offset - b.offset);
  const out: FakeEntity[] = [];
  let end = -1;
  for (const e of all) {
    if (e.offset < end) continue;
    out.push(e);
    end = e.offset + e.length;
  }
  return out;
}
