import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FLUSS_BIN = fileURLToPath(new URL('../../server/bin/fluss.ts', import.meta.url));

/** A `fluss` child process whose output is kept for assertions and debugging. */
export interface FlussProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr match, rejects when the process exits first or after timeoutMs. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** Runs `fluss <args>` with the Node that runs the tests (Node 24), from the repo root. */
export function spawnFluss(args: string[], options: { input?: string; env?: Record<string, string> } = {}): FlussProcess {
  const child = spawn(process.execPath, [FLUSS_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, FLUSS_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const l of listeners) l();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? -1);
      for (const l of listeners) l();
    });
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let exitedFlag = false;
  void exited.then(() => {
    exitedFlag = true;
  });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = (out + err).match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (exitedFlag) {
            done();
            reject(new Error(`fluss ${args.join(' ')} exited before printing ${pattern}:\n${out}\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern} from fluss ${args.join(' ')}:\n${out}\n${err}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs `fluss <args>` to completion. */
export async function runFluss(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const proc = spawnFluss(args, options);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

/** Processes a test starts, all killed (SIGKILL) and awaited by `stopAll` in its afterAll. */
export class FlussProcessGroup {
  readonly #processes: FlussProcess[] = [];

  /** Starts `fluss <args>` and waits for `ready` in its output (30 s unless `timeoutMs`). */
  async start(args: string[], ready: RegExp, timeoutMs?: number): Promise<FlussProcess> {
    const child = spawnFluss(args);
    this.#processes.push(child);
    await child.waitForOutput(ready, timeoutMs);
    return child;
  }

  async stopAll(): Promise<void> {
    for (const p of this.#processes) p.kill('SIGKILL');
    await Promise.all(this.#processes.map((p) => p.exited));
  }
}

/** The arguments of `fluss tablet-server` on loopback (tests): id, port, data dir, coordinator, extra flags. */
export function tabletServerArgs(options: { id: number; port: number; dataDir: string; coordinator: string; extra?: readonly string[] }): string[] {
  const { id, port, dataDir, coordinator, extra = [] } = options;
  return ['tablet-server', '--id', String(id), '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--coordinator', coordinator, ...extra];
}

/** The arguments of `fluss coordinator` on loopback (tests): port, data dir, extra flags. */
export function coordinatorArgs(options: { port: number; dataDir: string; extra?: readonly string[] }): string[] {
  const { port, dataDir, extra = [] } = options;
  return ['coordinator', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, ...extra];
}

/** Server settings for rebalance tests: heartbeats and rebalance steps every 200 ms, leaders stay where moves put them. */
export const FAST_REBALANCE_CONFIG: readonly string[] = [
  '--config',
  'tablet-server.heartbeat.interval=200ms',
  '--config',
  'rebalance.step-interval=200ms',
  '--config',
  'auto.leader.rebalance.enable=false',
];
