/**
 * Webhook mode: a small HTTP server that accepts Telegram's POSTs on the webhook URL's path, checks
 * the X-Telegram-Bot-Api-Secret-Token header in constant time, caps the body size and hands the
 * update to the handler without waiting for it: a slow command must not hold Telegram's request
 * (it would re-send the update and hold back the chat's next ones). Repeats are dropped by the handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/logger.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_BODY = 1024 * 1024;

/** A running webhook server. */
export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

function sameSecret(expected: string, got: string | string[] | undefined): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the webhook server on `host:port` (port 0 picks a free one). */
export async function startWebhookServer(opts: {
  path: string;
  secret: string;
  port: number;
  host: string;
  onUpdate: (update: unknown) => unknown;
  logger: Logger;
}): Promise<WebhookServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== opts.path) {
      res.writeHead(404).end();
      return;
    }
    if (!sameSecret(opts.secret, req.headers[SECRET_HEADER])) {
      opts.logger.warn({}, 'telegram: webhook request with a wrong secret token refused');
      res.writeHead(401).end();
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    opts.onUpdate(update);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      opts.logger.error({ err }, 'telegram: webhook request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
