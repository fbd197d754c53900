/** Reads a YAML config file, turning read and syntax failures into one readable error. */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/**
 * The parsed (not yet validated) content of `file`. `what` names the file in messages
 * ("feeds file"); `makeError` builds the caller's own error type.
 */
export async function readYamlFile(file: string, what: string, makeError: (message: string) => Error): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw makeError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return parseYaml(text, { maxAliasCount: 50 });
  } catch (e) {
    throw makeError(`${file} is not valid YAML: ${e instanceof Error ? e.message.trimEnd() : String(e)}`);
  }
}
