/**
 * Splits escaped markdown into chunks of at most `max` characters: between lines first, then
 * between words, keeping masked links whole and never separating a backslash from the character
 * it escapes or the halves of a surrogate pair.
 */

/** A masked link, whitespace, or a run of other characters (escapes kept with their character). */
const ATOM = /\[(?:\\.|[^\]\\\n])*\]\([^)\s]*\)|[^\S\n]+|(?:\\[^\s]|[^\s\\[])+|\\|\[/g;

/** Cuts an over-long atom at `max`, moving the cut back off an escape or a surrogate pair. */
function hardSplit(atom: string, max: number): string[] {
  const out: string[] = [];
  let rest = atom;
  while (rest.length > max) {
    let cut = max;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    // An odd run of backslashes before the cut means the last one escapes the next character.
    let slashes = 0;
    while (slashes < cut && rest[cut - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 1) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/** Splits one line (no newlines) into pieces of at most `max` characters at word boundaries. */
function splitLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  for (const atom of line.match(ATOM) ?? []) {
    if (cur.length + atom.length <= max) {
      cur += atom;
      continue;
    }
    if (/^\s+$/.test(atom)) {
      pieces.push(cur.trimEnd());
      cur = '';
      continue;
    }
    if (cur.trim()) pieces.push(cur.trimEnd());
    cur = '';
    if (atom.length > max) {
      const parts = hardSplit(atom, max);
      pieces.push(...parts.slice(0, -1));
      cur = parts[parts.length - 1] ?? '';
    } else {
      cur = atom;
    }
  }
  if (cur.trim()) pieces.push(cur.trimEnd());
  return pieces.filter((p) => p.length > 0);
}

/** Splits text into chunks of at most `max` characters (max ≥ 64), preferring line breaks. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let cur = '';
  const flush = (): void => {
    const t = cur.replace(/^\n+|\s+$/g, '');
    if (t) chunks.push(t);
    cur = '';
  };
  for (const line of text.split('\n')) {
    const candidate = cur ? `${cur}\n${line}` : line;
    if (candidate.length <= max) {
      cur = candidate;
      continue;
    }
    flush();
    if (line.length <= max) {
      cur = line;
      continue;
    }
    const pieces = splitLine(line, max);
    chunks.push(...pieces.slice(0, -1));
    cur = pieces[pieces.length - 1] ?? '';
  }
  flush();
  return chunks;
}
