// Child processes of the peer benchmark: long-running servers (killed as a process group at the
// end) and one-shot commands whose output is parsed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR = join(process.env['FLUSS_CACHE_DIR'] ?? join(homedir(), '.cache', 'fluss-ts'), 'peers');

/** `-cp` of a lib dir resolved by install.sh, plus the compiled drivers' classes dir if any. */
export function classpath(lib: string, classes?: string): string {
  const parts = [join(CACHE_DIR, 'lib', lib, '*')];
  if (classes) parts.unshift(join(CACHE_DIR, 'classes', classes));
  return parts.join(':');
}

export interface Server {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM to its process group, SIGKILL after 15 s; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL to its process group at once (a crash, for the failover run); resolves once it exited. */
  kill(): Promise<void>;
}

/** Starts a server in its own process group with stdout+stderr to logFile. */
export function startServer(name: string, command: string, args: string[], logFile: string, env: Record<string, string> = {}): Server {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd], detached: true, env: { ...process.env, ...env } });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const signalGroup = (signal: NodeJS.Signals): boolean => {
    try {
      process.kill(-child.pid!, signal);
      return true;
    } catch {
      return false; // gone
    }
  };
  return {
    name,
    child,
    logFile,
    async stop() {
      if (!running() || !signalGroup('SIGTERM')) return;
      const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running() || !signalGroup('SIGKILL')) return;
      await exited;
    },
  };
}

/** Resolves once 127.0.0.1:port accepts connections; rejects after timeoutMs or if the server exits. */
export async function waitForPort(port: number, server: Server, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}); see ${server.logFile}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${server.name} did not listen on ${port} within ${timeoutMs} ms; see ${server.logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a command to completion; rejects on a non-zero exit with the tail of its output. */
export function run(command: string, args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.slice(-6).join(' ')} exited ${code ?? signal}:\n${out.slice(-3000)}`));
    });
  });
}

/** The last line of output that parses as a JSON object (the Java drivers print one per workload). */
export function lastJson<T>(output: string): T {
  const lines = output.trim().split('\n').reverse();
  for (const line of lines) {
    if (line.startsWith('{')) return JSON.parse(line) as T;
  }
  throw new Error(`no JSON result in output:\n${output.slice(-2000)}`);
}

/** Bytes of the log segment files (*.log) under a directory: the log data, not preallocated indexes. */
export async function logBytes(path: string): Promise<number> {
  const out = await run('find', [path, '-type', 'f', '-name', '*.log', '-printf', '%s\\n']);
  return out
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line), 0);
}

/**
 * Bytes the server listening on this local port has sent over TCP so far: the sum of tcp_info
 * bytes_acked of its established sockets (ss). The delta over a read is the bytes on the wire,
 * the same measure for every system (connections closed in between are not counted).
 */
export function serverSentBytes(port: number): number {
  const out = execFileSync('ss', ['-tinH', 'state', 'established', 'sport', '=', `:${port}`], { encoding: 'utf8' });
  let sum = 0;
  for (const m of out.matchAll(/bytes_acked:(\d+)/g)) sum += Number(m[1]);
  return sum;
}
