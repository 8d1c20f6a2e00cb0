// versitygw, a real S3 server (posix backend, a temp directory) on a free loopback port, for the
// tests of the S3 object store. The binary comes from test/s3/build-versitygw.sh's cache; when it
// is missing it is built here (minutes, cold), never skipped.
import { execFile as execFileCallback, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './ports.ts';
import { tempDir } from './temp-dir.ts';

const execFile = promisify(execFileCallback);

export const VERSITYGW_VERSION = '1.8.0';
const binary = join(process.env['FLUSS_CACHE_DIR'] ?? join(homedir(), '.cache/fluss-ts'), `versitygw-${VERSITYGW_VERSION}`, 'bin', 'versitygw');
const buildScript = join(import.meta.dirname, '../s3/build-versitygw.sh');

/** A cold build takes minutes: hooks that may run it need this timeout. */
export const VERSITYGW_BUILD_TIMEOUT_MS = 20 * 60_000;

export interface Versitygw {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  /** The posix backend's root: bucket `b`, object `k` is the file `<dataDir>/b/k`. */
  readonly dataDir: string;
  createBucket(name: string): Promise<void>;
  /** Kills the server (SIGKILL) and waits for it; `remove` also deletes the data. */
  stop(options?: { remove?: boolean }): Promise<void>;
}

/** Builds the binary when it is missing; fails (with the build's output) when that fails. */
export async function ensureVersitygw(): Promise<string> {
  if (existsSync(binary)) return binary;
  try {
    await execFile('bash', [buildScript], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Building versitygw with ${buildScript} failed (the S3 tests need it):\n${stderr.slice(-4000)}`, { cause: error });
  }
  if (!existsSync(binary)) throw new Error(`${buildScript} finished but ${binary} is missing`);
  return binary;
}

export async function startVersitygw(): Promise<Versitygw> {
  const path = await ensureVersitygw();
  const data = tempDir('fluss-versitygw');
  const port = await freePort();
  const credentials = { accessKeyId: 'fluss-test-access', secretAccessKey: 'fluss-test-secret' };
  const region = 'us-east-1';
  const child = spawn(
    path,
    [
      '--port',
      `127.0.0.1:${port}`,
      '--access',
      credentials.accessKeyId,
      '--secret',
      credentials.secretAccessKey,
      '--region',
      region,
      '--quiet',
      'posix',
      data.path,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    data.remove();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    region,
    credentials,
    dataDir: data.path,
    async createBucket(name) {
      const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } finally {
        client.destroy();
      }
    },
    async stop(options = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      if (options.remove ?? true) data.remove();
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`versitygw exited before listening on ${port}:\n${output()}`);
    const listening = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (listening) return;
    await sleep(50);
  }
  throw new Error(`versitygw did not listen on ${port} within 15 s:\n${output()}`);
}
