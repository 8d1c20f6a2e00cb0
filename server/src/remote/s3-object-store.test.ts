// The ObjectStore contract and the S3-only failures, against a real S3 server: versitygw
// (test/support/versitygw.ts starts it; a missing binary is built, not skipped).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '../../../test/support/ports.ts';
import { startResponseDroppingProxy } from '../../../test/support/response-dropping-proxy.ts';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { startVersitygw, VERSITYGW_BUILD_TIMEOUT_MS, type Versitygw } from '../../../test/support/versitygw.ts';
import { objectStoreContract } from './object-store-contract.ts';
import { isObjectStoreError } from './object-store-error.ts';
import { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.ts';

const BUCKET = 'fluss-test';
const PART_BYTES = 5 * 1024 * 1024; // S3's smallest part
let server: Versitygw;
let fixtures = 0;

beforeAll(async () => {
  server = await startVersitygw();
  await server.createBucket(BUCKET);
}, VERSITYGW_BUILD_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop();
});

function options(overrides: Partial<S3ObjectStoreOptions> = {}): S3ObjectStoreOptions {
  return {
    bucket: BUCKET,
    prefix: `run-${process.pid}-${fixtures++}/`,
    endpoint: server.endpoint,
    region: server.region,
    pathStyle: true,
    credentials: server.credentials,
    multipartThresholdBytes: PART_BYTES,
    partBytes: PART_BYTES,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    ...overrides,
  };
}

/** Runs `promise` and returns the ObjectStoreError code it failed with. */
async function failureCode(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => 'succeeded',
    (thrown: unknown) => thrown,
  );
  return isObjectStoreError(error) ? error.code : error;
}

// Each fixture is a fresh key prefix in the one bucket.
objectStoreContract('S3 (versitygw)', async () => {
  const storeOptions = options();
  const scratch = tempDir('fluss-s3-scratch');
  await mkdir(scratch.path, { recursive: true });
  const store = new S3ObjectStore(storeOptions);
  return {
    store,
    multipartThresholdBytes: PART_BYTES,
    scratchDir: scratch.path,
    storedFile: (key) => join(server.dataDir, BUCKET, ...`${storeOptions.prefix}${key}`.split('/')),
    dispose: async () => {
      store.close();
      scratch.remove();
    },
  };
});

describe('S3ObjectStore failures', () => {
  it('wrong credentials are a permanent error (denied), not retried', async () => {
    let retries = 0;
    const store = new S3ObjectStore(
      options({ credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: 'wrong' }, retry: { onRetry: () => void retries++ } }),
    );
    try {
      expect(await failureCode(store.put('k', Buffer.from('x')))).toBe('denied');
      expect(await failureCode(store.get('k'))).toBe('denied');
      expect(retries).toBe(0);
    } finally {
      store.close();
    }
  });

  it('a missing bucket is a permanent error (no-bucket)', async () => {
    const store = new S3ObjectStore(options({ bucket: 'no-such-bucket' }));
    try {
      expect(await failureCode(store.put('k', Buffer.from('x')))).toBe('no-bucket');
      expect(await failureCode(store.get('k'))).toBe('no-bucket');
      expect(await failureCode(store.list(''))).toBe('no-bucket');
    } finally {
      store.close();
    }
  });

  it('a server that is down: unavailable (retriable), after every retry with growing backoff', async () => {
    const delays: number[] = [];
    const store = new S3ObjectStore(
      options({
        endpoint: `http://127.0.0.1:${await freePort()}`,
        retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 1000, onRetry: ({ delayMs }) => void delays.push(delayMs) },
      }),
    );
    try {
      const error = await store.get('k').catch((thrown: unknown) => thrown);
      expect(isObjectStoreError(error, 'unavailable') && error.retriable).toBe(true);
      expect(delays).toHaveLength(3);
      delays.forEach((delay, i) => expect(delay).toBeLessThanOrEqual(20 * 2 ** i));
    } finally {
      store.close();
    }
  });

  it('a conditional put whose answer was lost is retried and recognises its own object; another object still means exists', async () => {
    const proxy = await startResponseDroppingProxy(Number(new URL(server.endpoint).port));
    let retries = 0;
    const store = new S3ObjectStore(options({ endpoint: `http://127.0.0.1:${proxy.port}`, retry: { baseDelayMs: 1, onRetry: () => void retries++ } }));
    try {
      proxy.dropNextResponse();
      await store.put('commit/v1.json', Buffer.from('mine'), { ifAbsent: true });
      expect(retries).toBe(1);
      expect(Buffer.from(await store.get('commit/v1.json')).toString()).toBe('mine');

      await store.put('commit/v2.json', Buffer.from('theirs'), { ifAbsent: true });
      proxy.dropNextResponse(); // the 412 is lost: the retry's 412 must not pass for our own write
      expect(await failureCode(store.put('commit/v2.json', Buffer.from('mine'), { ifAbsent: true }))).toBe('exists');
      expect(retries).toBe(2);
    } finally {
      store.close();
      await proxy.close();
    }
  });

  it('putFile above the threshold is a multipart upload (S3 answers a multipart ETag)', async () => {
    const storeOptions = options();
    const store = new S3ObjectStore(storeOptions);
    const scratch = tempDir('fluss-s3-scratch');
    const client = new S3Client({ endpoint: server.endpoint, region: server.region, credentials: server.credentials, forcePathStyle: true });
    try {
      const source = join(scratch.path, 'segment');
      await writeFile(source, randomBytes(2 * PART_BYTES + 1));
      await store.putFile('segment', source);
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${storeOptions.prefix}segment` }));
      expect(head.ETag).toMatch(/-3"$/);
    } finally {
      client.destroy();
      store.close();
      scratch.remove();
    }
  });
});
