/**
 * Local feed server for tests (127.0.0.1, ephemeral port): serves the fixtures in
 * test/fixtures/feeds with ETag / Last-Modified support, plus hostile answers — a 20 MB body,
 * a response that never finishes, invalid UTF-8, redirects to loopback and redirect loops.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'feeds');

/** Reads a fixture and fills `{{RFC:-h}}`, `{{ISO:-h}}` (now minus h hours) and `{{LONG_TITLE}}`. */
export function renderFixture(name: string, now: Date = new Date()): string {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  return text
    .replace(/\{\{(RFC|ISO):(-?\d+(?:\.\d+)?)\}\}/g, (_m, kind: string, h: string) => {
      const d = new Date(now.getTime() + Number(h) * 3600_000);
      return kind === 'RFC' ? d.toUTCString() : d.toISOString();
    })
    .replace('{{LONG_TITLE}}', 'CBDC '.repeat(200).trim());
}

interface Route {
  body: () => Buffer;
  type: string;
  gzip?: boolean;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml; charset=utf-8',
  '.json': 'application/feed+json',
  '.html': 'text/html; charset=utf-8',
};

/** A running fake feed server. */
export interface FeedServer {
  url: string;
  port: number;
  /** Requests received per path. */
  hits: Map<string, number>;
  /** Conditional requests answered with 304, per path. */
  notModified: Map<string, number>;
  /** Serves `body` at `path` (replacing any route). */
  set(path: string, body: string | Buffer, type?: string): void;
  close(): Promise<void>;
}

/** Starts the server. Fixture files are served at `/<file name>` (rendered at request time). */
export async function startFeedServer(opts: { now?: () => Date } = {}): Promise<FeedServer> {
  const now = opts.now ?? (() => new Date());
  const routes = new Map<string, Route>();
  for (const f of ['outlet-a.rss.xml', 'outlet-b.atom.xml', 'outlet-c.feed.json', 'billion-laughs.xml', 'xxe.xml', 'not-a-feed.html', 'hostile-titles.rss.xml', 'broken.xml']) {
    routes.set(`/${f}`, { body: () => Buffer.from(renderFixture(f, now())), type: TYPES[path.extname(f)] ?? 'application/xml' });
  }
  routes.set('/gzip.rss.xml', { body: () => Buffer.from(renderFixture('outlet-a.rss.xml', now())), type: TYPES['.xml']!, gzip: true });
  routes.set('/invalid-utf8.xml', {
    body: () => Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bad '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('</title></channel></rss>')]),
    type: TYPES['.xml']!,
  });
  const hits = new Map<string, number>();
  const notModified = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  let port = 0;

  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p === '/never-ends') {
      open.add(res);
      res.writeHead(200, { 'content-type': TYPES['.xml']! });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>slow</title>');
      res.on('close', () => open.delete(res));
      return; // never ends
    }
    if (p === '/huge') {
      res.writeHead(200, { 'content-type': TYPES['.xml']! });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 20 && res.write(chunk)) sent++;
        if (sent >= 20) res.end();
        else res.once('drain', () => (sent++, pump()));
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    if (p === '/huge-declared') {
      res.writeHead(200, { 'content-type': TYPES['.xml']!, 'content-length': String(20 * 1024 * 1024) });
      res.end('<rss>'); // the declared length alone must be refused
      return;
    }
    if (p === '/redirect-loopback') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/outlet-a.rss.xml` });
      return res.end();
    }
    if (p === '/redirect-metadata') {
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    if (p === '/redirect-to') {
      res.writeHead(302, { location: new URL(req.url ?? '/', 'http://x').searchParams.get('url') ?? '/' });
      return res.end();
    }
    if (p === '/redirect-loop') {
      res.writeHead(302, { location: '/redirect-loop' });
      return res.end();
    }
    if (p.startsWith('/status/')) {
      res.writeHead(Number(p.slice(8)) || 500);
      return res.end('error');
    }
    const route = routes.get(p);
    if (!route) {
      res.writeHead(404);
      return res.end('not found');
    }
    let body = route.body();
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = new Date(0).toUTCString();
    if (req.headers['if-none-match'] === etag) {
      notModified.set(p, (notModified.get(p) ?? 0) + 1);
      res.writeHead(304, { etag });
      return res.end();
    }
    const headers: http.OutgoingHttpHeaders = { 'content-type': route.type, etag, 'last-modified': lastModified };
    if (route.gzip) {
      body = zlib.gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    notModified,
    set(p, body, type = TYPES['.xml']!) {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      routes.set(p, { body: () => buf, type });
    },
    async close() {
      for (const r of open) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
