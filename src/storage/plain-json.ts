/**
 * Fast (de)serialization for namespaces that hold plain JSON data (strings, numbers, booleans,
 * null, arrays and plain objects).
 *
 * The output is byte-for-byte what keyv's default serializer (@keyv/serialize) writes, so a store
 * written with one is read by the other, on SQLite and Redis alike. The default serializer walks
 * every value in JavaScript to escape strings that begin with ":" (its marker for Buffers); here
 * the native JSON.stringify / JSON.parse do the work, and keyv's own functions run whenever a
 * string value may begin with ":" or a Buffer slipped in — both visible in the JSON text.
 */
import type Keyv from 'keyv';

/**
 * A string *value* that begins with ":" shows in JSON text as `":` right after `[`, `,` or `:`
 * (array element / object value). Object keys are not escaped by either serializer; a key that
 * begins with ":" also matches (after `,`), which only sends that value down the slow path.
 */
function mayHaveColonString(json: string): boolean {
  return json.includes(':":') || json.includes('[":') || json.includes(',":');
}

/** JSON.stringify's form of a Buffer; the default serializer writes ":base64:…" instead. */
const BUFFER_JSON = '"type":"Buffer"';

type Serialize = (data: unknown) => string;
type Deserialize = (data: string) => unknown;

/** A serializer with the same output as `fallback` (keyv's default) for plain data, via JSON.stringify. */
export function plainJsonSerializer(fallback: Serialize): Serialize {
  return (data) => {
    const s = JSON.stringify(data) as string | undefined;
    if (s === undefined || mayHaveColonString(s) || s.includes(BUFFER_JSON)) return fallback(data);
    return s;
  };
}

/** A deserializer with the same result as `fallback` (keyv's default), via JSON.parse without a reviver. */
export function plainJsonDeserializer(fallback: Deserialize): Deserialize {
  return (data) => (mayHaveColonString(data) ? fallback(data) : JSON.parse(data));
}

/**
 * Switches a Keyv that uses keyv's default (de)serializer to the fast equivalents. Only for
 * namespaces that never store functions inside arrays (JSON.stringify writes `null` for those,
 * the default serializer leaves them out) — true of every repository here, which store JSON data.
 */
export function usePlainJson(kv: Keyv<unknown>): void {
  const ser = kv.serialize as Serialize | undefined;
  const de = kv.deserialize as Deserialize | undefined;
  if (!ser || !de) return;
  kv.serialize = plainJsonSerializer(ser) as typeof kv.serialize;
  kv.deserialize = plainJsonDeserializer(de) as typeof kv.deserialize;
}
