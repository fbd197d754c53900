/**
 * Feed bytes → ParsedFeed with feedsmith (RSS 2.0, Atom, RDF, JSON Feed). Hardened before the
 * parser sees anything: DTD entity declarations are refused (no billion-laughs, no XXE), bytes
 * must decode in the declared charset, HTML pages are reported as "not a feed".
 */
import { TextDecoder } from 'node:util';
import { parseFeed } from 'feedsmith';
import type { ParsedFeed, RawItem } from './types.js';

/** A feed that could not be used; `code` is counted per source. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
  constructor(
    readonly code: 'too-large' | 'bad-encoding' | 'entity-declaration' | 'not-a-feed' | 'malformed',
    message: string,
  ) {
    super(message);
  }
}

/** Cap on items taken from one document (a feed is a window, not an archive). */
export const MAX_ITEMS_PER_FEED = 500;

const CHARSET_RE = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/;

/** Decodes bytes as the document's charset (XML declaration, then Content-Type, then UTF-8); invalid bytes fail. */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): string {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const head = Buffer.from(bytes.subarray(start, start + 200)).toString('latin1');
  const declared = CHARSET_RE.exec(head)?.[1] ?? /charset=["']?([A-Za-z0-9._-]{1,40})/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared.toLowerCase(), { fatal: true, ignoreBOM: true });
  } catch {
    throw new FeedParseError('bad-encoding', `unsupported charset ${declared.slice(0, 40)}`);
  }
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    throw new FeedParseError('bad-encoding', `bytes are not valid ${decoder.encoding}`);
  }
}

/** Refuses documents that declare entities (internal or external) before any parser runs. */
export function assertNoEntityDeclarations(text: string): void {
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype === -1) return;
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text.slice(doctype, doctype + 4096))) {
    throw new FeedParseError('entity-declaration', 'document declares DTD entities (refused: entity expansion / XXE)');
  }
}

/** Parses a decoded document. Throws FeedParseError. */
export function parseFeedText(text: string): ParsedFeed {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) {
    assertNoEntityDeclarations(text);
    if (/^(?:<!doctype\s+html|<html[\s>])/i.test(trimmed)) throw new FeedParseError('not-a-feed', 'an HTML page, not a feed');
  }
  let result: ReturnType<typeof parseFeed>;
  try {
    result = parseFeed(trimmed.startsWith('{') ? (JSON.parse(trimmed) as unknown) : text, { maxItems: MAX_ITEMS_PER_FEED });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/unrecognized/i.test(msg)) throw new FeedParseError('not-a-feed', 'not an RSS, Atom, RDF or JSON feed');
    throw new FeedParseError('malformed', `malformed feed: ${msg.slice(0, 120)}`);
  }
  return toParsedFeed(result);
}

/** Decodes and parses feed bytes. */
export function parseFeedBytes(bytes: Uint8Array, opts: { contentType?: string; maxBytes?: number } = {}): ParsedFeed {
  if (opts.maxBytes !== undefined && bytes.length > opts.maxBytes) throw new FeedParseError('too-large', `document larger than ${opts.maxBytes} bytes`);
  return parseFeedText(decodeFeedBytes(bytes, opts.contentType));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The item without its undefined fields. */
function clean(item: RawItem): RawItem {
  const out: RawItem = {};
  if (item.guid !== undefined) out.guid = item.guid;
  if (item.link !== undefined) out.link = item.link;
  if (item.title !== undefined) out.title = item.title;
  if (item.summary !== undefined) out.summary = item.summary;
  if (item.published !== undefined) out.published = item.published;
  if (item.language !== undefined) out.language = item.language;
  return out;
}

function toParsedFeed(r: ReturnType<typeof parseFeed>): ParsedFeed {
  switch (r.format) {
    case 'rss': {
      const f = r.feed;
      return {
        format: 'rss',
        ...(str(f.title) ? { title: f.title } : {}),
        ...(str(f.language) ? { language: f.language } : {}),
        items: (f.items ?? []).map((i) =>
          clean({
            guid: str(i.guid?.value),
            link: str(i.link) ?? (i.guid?.isPermaLink !== false ? str(i.guid?.value) : undefined),
            title: str(i.title),
            summary: str(i.description) ?? str(i.content?.encoded),
            published: str(i.pubDate) ?? str(i.dc?.dates?.[0]),
          }),
        ),
      };
    }
    case 'atom': {
      const f = r.feed;
      return {
        format: 'atom',
        ...(str(f.title?.value) ? { title: f.title?.value } : {}),
        items: (f.entries ?? []).map((e) => {
          const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
          return clean({
            guid: str(e.id),
            link: str(link?.href),
            title: str(e.title?.value),
            summary: str(e.summary?.value) ?? str(e.content?.value),
            published: str(e.published) ?? str(e.updated),
          });
        }),
      };
    }
    case 'rdf': {
      const f = r.feed;
      return {
        format: 'rdf',
        ...(str(f.title) ? { title: f.title } : {}),
        items: (f.items ?? []).map((i) =>
          clean({ link: str(i.link), title: str(i.title), summary: str(i.description), published: str(i.dc?.dates?.[0]) }),
        ),
      };
    }
    case 'json': {
      const f = r.feed;
      return {
        format: 'json',
        ...(str(f.title) ? { title: f.title } : {}),
        ...(str(f.language) ? { language: f.language } : {}),
        items: (f.items ?? []).map((i) =>
          clean({
            guid: str(i.id),
            link: str(i.url) ?? str(i.external_url),
            title: str(i.title),
            summary: str(i.summary) ?? str(i.content_text) ?? str(i.content_html),
            published: str(i.date_published) ?? str(i.date_modified),
            language: str(i.language),
          }),
        ),
      };
    }
  }
}
