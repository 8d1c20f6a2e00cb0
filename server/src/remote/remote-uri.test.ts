import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRemoteLocation, parseRemoteLocation } from './remote-uri.ts';

describe('parseRemoteLocation (remote.data.dir)', () => {
  it('s3://bucket/prefix: the prefix is empty or ends with one slash, however it was written', () => {
    expect(parseRemoteLocation('s3://fluss/remote')).toEqual({ kind: 's3', bucket: 'fluss', prefix: 'remote/' });
    expect(parseRemoteLocation('s3://fluss/remote/')).toEqual({ kind: 's3', bucket: 'fluss', prefix: 'remote/' });
    expect(parseRemoteLocation('S3://fluss//a/b//')).toEqual({ kind: 's3', bucket: 'fluss', prefix: 'a/b/' });
    expect(parseRemoteLocation('s3://fluss')).toEqual({ kind: 's3', bucket: 'fluss', prefix: '' });
    expect(parseRemoteLocation('s3://fluss/')).toEqual({ kind: 's3', bucket: 'fluss', prefix: '' });
  });

  it('file:///path and plain paths (relative ones from the working directory)', () => {
    expect(parseRemoteLocation('file:///var/lib/fluss/remote')).toEqual({ kind: 'file', path: '/var/lib/fluss/remote' });
    expect(parseRemoteLocation('file:///tmp/with%20space')).toEqual({ kind: 'file', path: '/tmp/with space' });
    expect(parseRemoteLocation('/data/remote')).toEqual({ kind: 'file', path: '/data/remote' });
    expect(parseRemoteLocation('remote')).toEqual({ kind: 'file', path: resolve('remote') });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(() => parseRemoteLocation('')).toThrow(/got nothing/);
    expect(() => parseRemoteLocation('hdfs://nn/path')).toThrow('unsupported scheme hdfs:// (supported: s3://, file://)');
    expect(() => parseRemoteLocation('s3://')).toThrow(/invalid S3 bucket name ""/);
    expect(() => parseRemoteLocation('s3://Upper_Case/x')).toThrow(/invalid S3 bucket name/);
    expect(() => parseRemoteLocation('s3://bucket/a/../b')).toThrow(/no \. or \.\. segments/);
    expect(() => parseRemoteLocation('s3://bucket/a?versionId=1')).toThrow(/no query/);
    expect(() => parseRemoteLocation('file://host/path')).toThrow(/not a local file URI/);
  });

  it('formats back to a URI', () => {
    expect(formatRemoteLocation(parseRemoteLocation('s3://fluss/remote'))).toBe('s3://fluss/remote/');
    expect(formatRemoteLocation(parseRemoteLocation('/data/remote'))).toBe('file:///data/remote');
  });
});
