/**
 * Story titles come from feeds: before one reaches a chat it loses control and bidi characters,
 * any URL inside it, and the power to mention anyone (`@everyone`, `<@123>`, `@user`).
 */
import { sanitizeText, safeHttpUrl } from '../core/text-safety.js';

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)\S+/gi;
/** U+2060 WORD JOINER after `@` breaks every mention syntax while looking the same. */
const MENTION_BREAK = '@\u2060';

/** A title safe to show: no URLs, no working mentions, one line, at most `max` characters. */
export function safeHeadline(title: string, max = 200): string {
  const clean = sanitizeText(title)
    .replace(URL_IN_TEXT, '')
    .replace(/@/g, MENTION_BREAK)
    .replace(/\s+/g, ' ')
    .trim();
  const text = clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
  return text || '(untitled)';
}

/** The story's link when it is a safe http(s) URL. */
export function storyLink(url: string): string | undefined {
  return safeHttpUrl(url);
}
