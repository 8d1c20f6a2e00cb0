// /healthz (alive, informers not stuck), /readyz (caches synced; standbys are ready too, so a
// rollout of the operator Deployment is not blocked by leader election), /metrics.
import http from 'node:http';
import type { Registry } from 'prom-client';

export interface HealthChecks {
  live(): boolean;
  ready(): boolean;
}

export function startHealthServer(port: number, host: string, checks: HealthChecks, registry: Registry): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const reply = (status: number, body: string, contentType = 'text/plain'): void => {
      response.writeHead(status, { 'Content-Type': contentType });
      response.end(body);
    };
    switch (request.url) {
      case '/healthz':
        return checks.live() ? reply(200, 'ok') : reply(500, 'informer watch stuck');
      case '/readyz':
        return checks.ready() ? reply(200, 'ok') : reply(503, 'caches not synced');
      case '/metrics':
        registry.metrics().then(
          (text) => reply(200, text, registry.contentType),
          (error: unknown) => reply(500, String(error)),
        );
        return;
      default:
        return reply(404, 'not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
