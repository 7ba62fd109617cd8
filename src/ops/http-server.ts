import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { isHealthy, type Health } from './health.js';

/** Loopback: outside a container, whoever runs the bot reaches it and the network does not. */
export const defaultHost = '127.0.0.1';

export interface OpsServer {
  /** The port it listens on (the one picked when asked for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The operator's window: `GET /healthz` (200 when the gateway is ready and the database answers,
 * 503 otherwise, the same JSON either way) and `GET /metrics` in Prometheus text format.
 */
export async function startOpsServer(deps: {
  port: number;
  /** The interface to listen on; by default loopback only, so the endpoints are not open to the network. */
  host?: string | undefined;
  health: () => Promise<Health>;
  metrics: () => Promise<{ contentType: string; body: string }>;
  logger: Logger;
}): Promise<OpsServer> {
  async function answer(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/healthz' && path !== '/metrics') return send(response, 404, 'text/plain', 'Not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain', 'Method not allowed\n');
    }
    if (path === '/healthz') {
      const health = await deps.health();
      return send(response, isHealthy(health) ? 200 : 503, 'application/json', JSON.stringify(health));
    }
    const { contentType, body } = await deps.metrics();
    return send(response, 200, contentType, body);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      deps.logger.error({ err: error, url: request.url }, 'ops endpoint failed');
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error\n');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host ?? defaultHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  deps.logger.info({ host: deps.host ?? defaultHost, port }, 'health and metrics served');

  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A Prometheus scraper keeps its connection open; shutdown should not wait for it.
        server.closeIdleConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string) {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
