import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { LocalObjectStore } from './local-object-store.ts';
import { openObjectStore } from './open-object-store.ts';
import { remoteStorageConfig } from './remote-storage-config.ts';
import { S3ObjectStore } from './s3-object-store.ts';

describe('remote storage settings', () => {
  it('default as documented: no remote storage; S3 defaults for when there is', () => {
    expect(remoteStorageConfig({})).toEqual({
      location: undefined,
      s3: { endpoint: undefined, region: 'us-east-1', pathStyle: true, credentials: undefined },
      log: { taskIntervalMs: 60_000, uploadConcurrency: 4, cacheBytes: 1024 ** 3 },
    });
  });

  it('read what the operator writes, and credentials', () => {
    const config = remoteStorageConfig({
      'remote.data.dir': 's3://fluss/remote',
      's3.endpoint': 'http://minio:9000',
      's3.path-style-access': 'false',
      's3.region': 'eu-1',
      's3.access-key': 'id',
      's3.secret-key': 'secret',
      'log.segment.file-size': '1mb',
    });
    expect(config).toEqual({
      location: { kind: 's3', bucket: 'fluss', prefix: 'remote/' },
      s3: { endpoint: 'http://minio:9000', region: 'eu-1', pathStyle: false, credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } },
      log: { taskIntervalMs: 60_000, uploadConcurrency: 4, cacheBytes: 1024 ** 3 },
    });
  });

  it('refuse a bad location or half the credentials, naming the key and never the secret', () => {
    expect(() => remoteStorageConfig({ 'remote.data.dir': 'gs://bucket' })).toThrow('Invalid config remote.data.dir="gs://bucket": unsupported scheme gs://');
    expect(() => remoteStorageConfig({ 's3.secret-key': 'hunter2' })).toThrow(/^Config s3\.access-key and s3\.secret-key go together/);
    expect(() => remoteStorageConfig({ 's3.secret-key': 'hunter2' })).not.toThrow(/hunter2/);
    expect(() => remoteStorageConfig({ 's3.path-style-access': 'yes' })).toThrow('Invalid config s3.path-style-access="yes": expected true or false');
  });

  it('open the store the location names', async () => {
    expect(await openObjectStore(remoteStorageConfig({}))).toBeUndefined();
    const dir = tempDir('fluss-remote-config');
    try {
      const local = await openObjectStore(remoteStorageConfig({ 'remote.data.dir': `file://${join(dir.path, 'remote')}` }));
      expect(local).toBeInstanceOf(LocalObjectStore);
      expect(local!.location).toBe(`file://${join(dir.path, 'remote')}/`);
    } finally {
      dir.remove();
    }
    const s3 = await openObjectStore(remoteStorageConfig({ 'remote.data.dir': 's3://fluss/remote', 's3.endpoint': 'http://127.0.0.1:1' }));
    expect(s3).toBeInstanceOf(S3ObjectStore);
    expect(s3!.location).toBe('s3://fluss/remote/');
    s3!.close();
  });
});
