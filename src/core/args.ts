/**
 * Text-form command parsing shared by Telegram and the console, and argument validation shared
 * by every adapter (Discord sends typed values, but the core still checks them).
 *
 * Accepted forms: `/city-rank top 5`, `/cbdc-status "South Korea"`, `/cbdc-status South Korea`,
 * `/cbdc_status china`, `/cbdc-status@chainbrief_bot china`, `/city-rank city:Hangzhou top:5`.
 */
import { canonicalName, type CommandArgs, type CommandData, type OptionDef } from './command.js';
import { UserFacingError } from './errors.js';
import { closestMatches, didYouMean } from './suggest.js';
import { echoInput, normalizeInput } from './text-safety.js';

/** A command line split into its name and raw argument tokens. */
export interface ParsedLine {
  /** Canonical hyphenated name. */
  command: string;
  /** The name as typed, without arguments. */
  typed: string;
  tokens: string[];
}

/** Splits words, honouring "double", 'single' and “curly” quotes and backslash escapes. */
export function tokenize(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: string | null = null;
  const closers: Record<string, string> = { '"': '"', "'": "'", '“': '”', '„': '“', '«': '»' };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quote) {
      if (ch === '\\' && i + 1 < input.length && input[i + 1] === quote) {
        cur += quote;
        i++;
      } else if (ch === quote) {
        quote = null;
      } else {
        cur += ch;
      }
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
      continue;
    }
    // A quote opens only at a token start or right after `name:` so that "Xi'an" stays one word.
    if (ch in closers && (!inToken || cur.endsWith(':'))) {
      quote = closers[ch]!;
      inToken = true;
      continue;
    }
    cur += ch;
    inToken = true;
  }
  if (inToken) out.push(cur);
  return out;
}

/**
 * Parses `/name@bot args…`. Returns null when the text is not a command, or is addressed to a
 * different bot (`/help@otherbot`), which the bot must ignore.
 */
export function parseCommandLine(text: string, opts: { botUsername?: string } = {}): ParsedLine | null {
  // Phones often turn a typed hyphen into a dash: `/cbdc–status` means `/cbdc-status`.
  const trimmed = normalizeInput(text).trim().replace(/^(\/[A-Za-z0-9_\u2010-\u2015-]+)/, (name) => name.replace(/[\u2010-\u2015]/g, '-'));
  const m = /^\/([A-Za-z0-9_-]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/.exec(trimmed);
  if (!m) return null;
  const target = m[2];
  if (target && opts.botUsername && target.toLowerCase() !== opts.botUsername.toLowerCase()) return null;
  return { command: canonicalName(m[1]!), typed: `/${m[1]}`, tokens: tokenize(trimmed.slice(m[0].length)) };
}

/**
 * Says what is wrong with a line that starts with a slash but is not a command (`/`, `/ help`,
 * `//help`, `/?!`), echoing it safely; undefined when `text` does not start with a slash.
 */
export function explainNotACommand(text: string): string | undefined {
  const t = normalizeInput(text).trim();
  if (!t.startsWith('/')) return undefined;
  const rest = t.replace(/^\/+/, '');
  const word = /^\s*([A-Za-z0-9_-]{1,64})/.exec(rest)?.[1];
  if (!rest.trim()) return 'A slash alone is not a command. Type /help to see every command.';
  if (/^\/{2,}/.test(t) && word) return `Commands start with a single slash: did you mean /${word}?`;
  if (/^\s/.test(rest) && word) return `There is a space after the slash: did you mean /${word}?`;
  return `"${echoInput(t, 40)}" is not a command: a command is a slash followed by a name made of at most 64 letters, digits, - and _, e.g. /help.`;
}

/** `/city-rank [city] [index] [top]` — generated from the definition. */
export function usage(data: CommandData): string {
  const parts = data.options.map((o) => {
    const label = o.type === 'choice' ? o.choices.map((c) => c.value).join('|') : o.name;
    return o.required ? `<${label}>` : `[${label}]`;
  });
  return [`/${data.name}`, ...parts].join(' ');
}

function unknownOption(data: CommandData, name: string): UserFacingError {
  const names = data.options.map((o) => o.name);
  const sugg = closestMatches(name, names);
  const hint = names.length ? `${didYouMean(sugg)} Options: ${names.join(', ')}.` : ' It takes no options.';
  return new UserFacingError('bad-argument', `/${data.name} has no option "${echoInput(name, 40)}".${hint}`, sugg);
}

function needsValue(data: CommandData, opt: OptionDef): UserFacingError {
  const example = opt.type === 'integer' ? String(Math.min(Math.max(5, opt.min ?? 1), opt.max ?? 5)) : opt.type === 'choice' ? (opt.choices[0]?.value ?? '…') : '…';
  return new UserFacingError('missing-argument', `${opt.name}: needs a value after the colon, e.g. /${data.name} ${opt.name}:${example}.`);
}

function findOption(data: CommandData, name: string): OptionDef | undefined {
  const n = name.toLowerCase().replace(/_/g, '-');
  return data.options.find((o) => o.name === n || o.name.replace(/_/g, '-') === n);
}

/**
 * Maps raw tokens onto the command's options: `name:value` named, `name value` for integer
 * options, the rest positional in declared order (a greedy option absorbs extra words).
 * Values are returned unvalidated; call validateArgs next.
 */
export function bindTokens(data: CommandData, tokens: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  const positional: string[] = [];
  // In free text (a greedy option), an unknown `word:` with nothing attached is just a word:
  // `/china-blockchain note: hi`; `word:value` is always meant as an option.
  const freeText = data.options.some((o) => o.type === 'string' && o.greedy);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const named = /^([A-Za-z_][A-Za-z0-9_-]*):(?!\/\/)(\S.*|)$/s.exec(tok);
    if (named && (findOption(data, named[1]!) || !freeText || named[2] !== '')) {
      const opt = findOption(data, named[1]!);
      if (!opt) throw unknownOption(data, named[1]!);
      let value = named[2]!;
      if (value === '') {
        if (i + 1 >= tokens.length) throw needsValue(data, opt);
        value = tokens[++i]!;
      }
      if (opt.name in raw) throw new UserFacingError('bad-argument', `Option "${opt.name}" was given twice.`);
      raw[opt.name] = value;
      continue;
    }
    const kw = findOption(data, tok);
    if (kw && kw.type === 'integer') {
      if (kw.name in raw) throw new UserFacingError('bad-argument', `Option "${kw.name}" was given twice.`);
      if (i + 1 >= tokens.length) {
        throw new UserFacingError('missing-argument', `${kw.name} needs a number${rangeText(kw.min, kw.max)}, e.g. /${data.name} ${kw.name} ${Math.min(Math.max(5, kw.min ?? 1), kw.max ?? 5)}.`);
      }
      raw[kw.name] = tokens[++i]!;
      continue;
    }
    positional.push(tok);
  }
  let free = data.options.filter((o) => !(o.name in raw));
  // A trailing bare number belongs to the integer option even when names come first:
  // `/city-rank 5` = top 5, `/news cbdc 3` = topic cbdc, count 3.
  const intSlot = free.find((o) => o.type === 'integer');
  const last = positional.at(-1);
  const inRange = (n: number): boolean =>
    intSlot?.type === 'integer' && (intSlot.min === undefined || n >= intSlot.min) && (intSlot.max === undefined || n <= intSlot.max);
  // Out-of-range numbers (a year such as 2019) stay words for the text options.
  if (intSlot && last !== undefined && /^\d+$/.test(last) && inRange(Number(last)) && free.indexOf(intSlot) > positional.length - 1) {
    raw[intSlot.name] = last;
    positional.pop();
    free = free.filter((o) => o !== intSlot);
  }
  let p = 0;
  for (let k = 0; k < free.length && p < positional.length; k++) {
    const opt = free[k]!;
    // Later integer slots only hold back words when the last word is a number: `/news digital yuan`.
    const lastIsNumber = /^[+-]?\d+$/.test(positional.at(-1) ?? '');
    const laterSlots = free.slice(k + 1).filter((o) => o.type !== 'integer' || lastIsNumber).length;
    const take = opt.type === 'string' && opt.greedy ? Math.max(1, positional.length - p - laterSlots) : 1;
    raw[opt.name] = positional.slice(p, p + take).join(' ');
    p += take;
  }
  if (p < positional.length) {
    const extra = echoInput(positional.slice(p).join(' '));
    const msg = data.options.length
      ? `Too many arguments for /${data.name}: "${extra}" was not expected. Usage: ${usage(data)}`
      : `/${data.name} takes no arguments (got "${extra}").`;
    throw new UserFacingError('bad-argument', msg);
  }
  return raw;
}

/** Checks and converts raw values against the definition; every problem is a clear UserFacingError. */
export function validateArgs(data: CommandData, raw: Record<string, string | number>): CommandArgs {
  const args: CommandArgs = {};
  for (const key of Object.keys(raw)) {
    if (!findOption(data, key)) throw unknownOption(data, key);
  }
  for (const opt of data.options) {
    const key = Object.keys(raw).find((k) => findOption(data, k) === opt);
    const value = key === undefined ? undefined : raw[key];
    if (value === undefined || String(value).trim() === '') {
      if (opt.required) {
        throw new UserFacingError('missing-argument', `/${data.name} needs a ${opt.name} (${opt.description}). Usage: ${usage(data)}`);
      }
      continue;
    }
    args[opt.name] = convert(data, opt, value);
  }
  return args;
}

function convert(data: CommandData, opt: OptionDef, value: string | number): string | number {
  // Discord sends typed values without passing through parseCommandLine: normalise them here too.
  const text = (typeof value === 'string' ? normalizeInput(value) : String(value)).replace(/\s+/g, ' ').trim();
  switch (opt.type) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text)) {
        throw new UserFacingError('bad-argument', `${opt.name} must be a whole number${rangeText(opt.min, opt.max)}, not "${echoInput(text, 40)}".`);
      }
      const n = Number(text);
      if ((opt.min !== undefined && n < opt.min) || (opt.max !== undefined && n > opt.max) || !Number.isSafeInteger(n)) {
        throw new UserFacingError('out-of-range', `${opt.name} must be${rangeText(opt.min, opt.max)}; got ${echoInput(text, 40)}.`);
      }
      return n;
    }
    case 'choice': {
      const lc = text.toLowerCase();
      const hit = opt.choices.find((c) => c.value.toLowerCase() === lc || c.name.toLowerCase() === lc);
      if (hit) return hit.value;
      const values = opt.choices.map((c) => c.value);
      const sugg = closestMatches(text, values);
      throw new UserFacingError(
        'bad-argument',
        `"${echoInput(text, 40)}" is not a valid ${opt.name} for /${data.name}.${didYouMean(sugg)} Choose one of: ${values.join(', ')}.`,
        sugg,
      );
    }
    case 'string': {
      const max = opt.maxLength ?? 200;
      if (text.length > max) throw new UserFacingError('bad-argument', `${opt.name} is too long (${text.length} characters; at most ${max}).`);
      return text;
    }
  }
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` at least ${min}`;
  if (max !== undefined) return ` at most ${max}`;
  return '';
}
