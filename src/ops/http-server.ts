/**
 * The optional operations listener (HTTP_PORT, bound to HTTP_HOST): GET /healthz and GET /metrics,
 * 404 for every other path. It serves no user data and accepts no request body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import { checkHealth, type HealthProviders } from './health.js';

/** What /metrics needs: a prom-client Registry satisfies it. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

export interface OpsServerOptions {
  port: number;
  host?: string;
  health: HealthProviders;
  metrics: MetricsSource;
  logger: Logger;
  /** Called before each /metrics scrape (refreshes gauges such as the outbox depth). */
  beforeScrape?: () => Promise<void>;
  /** Deadline for the health check's store ping (ms). */
  pingTimeoutMs?: number;
}

/** A listening operations server. */
export interface OpsServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

/** Starts the listener; resolves once it is bound. */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const logger = opts.logger.child?.({ component: 'ops-http' }) ?? opts.logger;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    const known = path === '/healthz' || path === '/metrics';
    if (!known) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n', req.method === 'HEAD');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
    }
    const head = req.method === 'HEAD';
    if (path === '/healthz') {
      const report = await checkHealth(opts.health, opts.pingTimeoutMs);
      return send(res, report.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(report)}\n`, head);
    }
    await opts.beforeScrape?.().catch((err: unknown) => logger.warn({ err }, 'metrics refresh failed'));
    send(res, 200, opts.metrics.contentType, await opts.metrics.metrics(), head);
  };
  const server = createServer((req, res) => {
    req.resume();
    handle(req, res).catch((err: unknown) => {
      logger.error({ err, path: req.url?.split('?')[0] }, 'ops request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n', false);
      else res.destroy();
    });
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ host: opts.host ?? '127.0.0.1', port }, 'ops listener started');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
