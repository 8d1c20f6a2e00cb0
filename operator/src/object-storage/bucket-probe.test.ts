// probeBucket against a real S3 server (versitygw on loopback): each way settings can be wrong
// gives its own code, and nothing is written to the bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/ports.ts';
import { startVersitygw, VERSITYGW_BUILD_TIMEOUT_MS, type Versitygw } from '../../../test/support/versitygw.ts';
import type { ObjectStorageSpec } from '../api/types.ts';
import { probeBucket } from './bucket-probe.ts';

let server: Versitygw;
beforeAll(async () => {
  server = await startVersitygw();
  await server.createBucket('fluss-probe');
}, VERSITYGW_BUILD_TIMEOUT_MS);
afterAll(async () => {
  await server?.stop({ remove: true });
});

const spec = (overrides: Partial<ObjectStorageSpec> = {}): ObjectStorageSpec => ({ endpoint: server.endpoint, bucket: 'fluss-probe', ...overrides });

describe('probeBucket', () => {
  it('lists the bucket with good settings', async () => {
    expect(await probeBucket(spec(), server.credentials)).toEqual({ ok: true });
  });

  it('tells a refused secret, a missing bucket and an unreachable endpoint apart', async () => {
    const refused = await probeBucket(spec(), { ...server.credentials, secretAccessKey: 'not-the-secret' });
    expect(refused).toMatchObject({ ok: false, code: 'denied' });
    expect(await probeBucket(spec({ bucket: 'no-such-bucket' }), server.credentials)).toMatchObject({ ok: false, code: 'no-bucket' });
    const closedPort = await freePort();
    const unreachable = await probeBucket(spec({ endpoint: `http://127.0.0.1:${closedPort}` }), server.credentials, 2_000);
    expect(unreachable).toMatchObject({ ok: false, code: 'unavailable' });
  });
});
