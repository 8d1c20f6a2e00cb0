// Runs the operator as a real child process (the way it runs out of cluster) and reads its
// health and metrics endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { freePort } from './controlplane/controlplane.ts';

const repoRoot = join(import.meta.dirname, '../..');

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.setTimeout(3000, () => request.destroy(new Error(`timeout: ${url}`)));
  });
}

export class OperatorProcess {
  readonly identity: string;
  readonly #args: string[];
  readonly #logFile: string;
  #child: ChildProcess | undefined;
  healthPort = 0;

  constructor(options: { identity: string; kubeconfig: string; logDir: string; extraArgs?: string[] }) {
    this.identity = options.identity;
    this.#logFile = join(options.logDir, `operator-${options.identity}.log`);
    this.#args = [
      `--kubeconfig=${options.kubeconfig}`,
      `--identity=${options.identity}`,
      '--lease-namespace=fluss-system',
      '--progress-poll-seconds=1',
      '--log-level=debug',
      ...(options.extraArgs ?? []),
    ];
  }

  get logFile(): string {
    return this.#logFile;
  }

  async start(): Promise<void> {
    this.healthPort = await freePort();
    const log = openSync(this.#logFile, 'a');
    // node_modules/.bin first: its `node` is the pinned Node 24 (the system one is too old).
    const path = `${join(repoRoot, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`;
    this.#child = spawn('node', [join(repoRoot, 'operator/src/main.ts'), ...this.#args, `--health-port=${this.healthPort}`, '--health-host=127.0.0.1'], {
      cwd: repoRoot,
      env: { ...process.env, PATH: path },
      stdio: ['ignore', log, log],
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null) throw new Error(`operator ${this.identity} exited with ${this.#child.exitCode}; see ${this.#logFile}`);
      const ready = await get(`http://127.0.0.1:${this.healthPort}/readyz`).catch(() => undefined);
      if (ready?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`operator ${this.identity} not ready in 30 s; see ${this.#logFile}`);
  }

  /** Graceful stop (SIGTERM): in-flight reconciles finish, the Lease is released. */
  async stop(): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const { body } = await get(`http://127.0.0.1:${this.healthPort}/metrics`);
    let total = 0;
    for (const line of body.split('\n')) {
      if (!line.startsWith(name) || line.startsWith('#')) continue;
      const match = /^([a-z_]+)(\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const labelText = match[2] ?? '';
      if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) total += Number(match[3]);
    }
    return total;
  }
}
