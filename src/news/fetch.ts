/**
 * Feed fetcher that is safe to point at the internet: conditional GET, one deadline for the
 * whole request (redirects included), a size cap on the decoded body, a redirect limit, gzip /
 * deflate / brotli, a descriptive User-Agent and the SSRF guard on every hop.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { VERSION } from '../version.js';
import { guardedLookup, isForbiddenAddress, isLinkLocalOrMetadata, SsrfBlockedError, type AddressPolicy, type LookupAll } from './ssrf.js';

/** Why a fetch failed; shown to moderators as the source's health reason. */
export type FetchErrorCode =
  | 'bad-url'
  | 'ssrf-blocked'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network';

/** A failed fetch with a short, log- and moderator-friendly reason. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  etag?: string;
  lastModified?: string;
  /** Deadline for the whole fetch, redirects and body included. */
  timeoutMs?: number;
  /** Cap on the decoded body (and on the bytes on the wire). */
  maxBytes?: number;
  maxRedirects?: number;
  allowPrivateNetworks?: boolean;
  userAgent?: string;
  /** Replaces DNS resolution (tests). */
  resolve?: LookupAll;
  /** Replaces the address policy (tests that need one trusted loopback host). */
  isForbidden?: AddressPolicy;
}

/** Outcome of a fetch that did not fail. */
export type FetchResult =
  | { kind: 'not-modified'; url: string }
  | { kind: 'ok'; url: string; body: Buffer; contentType?: string; etag?: string; lastModified?: string };

/** Descriptive User-Agent so publishers can tell who polls them. */
export const DEFAULT_USER_AGENT = `chainbrief/${VERSION} (news feed reader; conditional GET; +https://github.com/chainbrief/chainbrief)`;

export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 } as const;

/** Fetches a feed URL, following redirects within the limits. Throws FetchError. */
export async function fetchFeed(rawUrl: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  let url = parseHttpUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, opts, deadline, timeoutMs);
    if (res.kind === 'redirect') {
      if (hop >= (opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects)) {
        throw new FetchError('too-many-redirects', `more than ${opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects} redirects`);
      }
      url = parseHttpUrl(new URL(res.location, url).toString());
      continue;
    }
    return res;
  }
}

function parseHttpUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError('bad-url', 'not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('bad-url', `unsupported scheme ${u.protocol}`);
  if (u.username || u.password) throw new FetchError('bad-url', 'credentials in URLs are not allowed');
  return u;
}

type Hop = FetchResult | { kind: 'redirect'; location: string };

function requestOnce(url: URL, opts: FetchOptions, deadline: AbortSignal, timeoutMs: number): Promise<Hop> {
  const allowPrivate = opts.allowPrivateNetworks ?? false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // IP literals never reach `lookup`, so they are checked here.
  const forbidden = opts.isForbidden ?? isForbiddenAddress;
  if (net.isIP(host) && (isLinkLocalOrMetadata(host) || (!allowPrivate && forbidden(host, host)))) {
    return Promise.reject(new FetchError('ssrf-blocked', `refused: ${host} is not a public address`));
  }
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<Hop>((resolve, reject) => {
    let settled = false;
    // eslint-disable-next-line prefer-const -- assigned below; `fail` may run before the request exists
    let req: http.ClientRequest | undefined;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      deadline.removeEventListener('abort', onAbort);
      req?.destroy();
      reject(toFetchError(e, deadline, timeoutMs));
    };
    function onAbort(): void {
      fail(new FetchError('timeout', `no complete answer within ${timeoutMs} ms`));
    }
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    req = mod.request(url, { method: 'GET', headers, agent: false, lookup: guardedLookup({ allowPrivate, isForbidden: forbidden, ...(opts.resolve ? { resolve: opts.resolve } : {}) }) });
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const done = (v: Hop): void => {
        if (settled) return;
        settled = true;
        deadline.removeEventListener('abort', onAbort);
        res.destroy();
        resolve(v);
      };
      if ([301, 302, 303, 307, 308].includes(status)) {
        const loc = res.headers.location;
        if (!loc) return fail(new FetchError('http-status', `redirect ${status} without a Location`, status));
        return done({ kind: 'redirect', location: loc });
      }
      if (status === 304) return done({ kind: 'not-modified', url: url.toString() });
      if (status < 200 || status >= 300) return fail(new FetchError('http-status', `HTTP ${status}`, status));
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) return fail(new FetchError('too-large', `body larger than ${maxBytes} bytes`));
      let stream: Readable = res;
      const enc = String(res.headers['content-encoding'] ?? '').toLowerCase().trim();
      if (enc === 'gzip' || enc === 'x-gzip') stream = res.pipe(zlib.createGunzip());
      else if (enc === 'deflate') stream = res.pipe(zlib.createInflate());
      else if (enc === 'br') stream = res.pipe(zlib.createBrotliDecompress());
      const chunks: Buffer[] = [];
      let size = 0;
      let wire = 0;
      res.on('data', (c: Buffer) => {
        wire += c.length;
        if (wire > maxBytes) fail(new FetchError('too-large', `body larger than ${maxBytes} bytes`));
      });
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) return fail(new FetchError('too-large', `body larger than ${maxBytes} bytes`));
        chunks.push(c);
      });
      stream.on('error', (e) => fail(new FetchError('network', `could not decode body: ${e.message}`)));
      res.on('aborted', () => fail(new FetchError('network', 'connection closed mid-body')));
      stream.on('end', () => {
        if (res.readableAborted || !res.complete) return fail(new FetchError('network', 'connection closed mid-body'));
        const header = (n: string): string | undefined => {
          const v = res.headers[n];
          return typeof v === 'string' && v.length <= 512 ? v : undefined;
        };
        const etag = header('etag');
        const lastModified = header('last-modified');
        const contentType = header('content-type');
        done({
          kind: 'ok',
          url: url.toString(),
          body: Buffer.concat(chunks),
          ...(contentType ? { contentType } : {}),
          ...(etag ? { etag } : {}),
          ...(lastModified ? { lastModified } : {}),
        });
      });
    });
    req.end();
  });
}

function toFetchError(e: unknown, deadline: AbortSignal, timeoutMs: number): FetchError {
  if (e instanceof FetchError) return e;
  if (e instanceof SsrfBlockedError) return new FetchError('ssrf-blocked', `refused: ${e.message}`);
  if (deadline.aborted) return new FetchError('timeout', `no complete answer within ${timeoutMs} ms`);
  const err = e as NodeJS.ErrnoException;
  return new FetchError('network', err.code ? `${err.code}` : (err.message ?? 'network error').slice(0, 120));
}

/** Limits how many requests run against one host at a time (politeness). */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  constructor(private readonly perHost = 2) {}

  /** Runs `task` once a slot for `host` is free. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    if ((this.active.get(key) ?? 0) >= this.perHost) {
      await new Promise<void>((r) => {
        const q = this.waiting.get(key) ?? [];
        q.push(r);
        this.waiting.set(key, q);
      });
    } else {
      this.active.set(key, (this.active.get(key) ?? 0) + 1);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.get(key)?.shift();
      if (next) next(); // hand the slot over
      else {
        const n = (this.active.get(key) ?? 1) - 1;
        if (n <= 0) this.active.delete(key);
        else this.active.set(key, n);
      }
    }
  }

  /** Requests currently running against `host` (tests). */
  activeFor(host: string): number {
    return this.active.get(host.toLowerCase()) ?? 0;
  }
}
