import { describe, expect, it } from 'vitest';
import { decodeManifest, emptyManifest, encodeManifest, nextManifest, remoteStartOffset, segmentHolding, type RemoteSegment } from './manifest.ts';
import { bucketRemotePrefix, manifestKey, partitionRemotePrefix, remoteSegmentKeys, tableRemotePrefix } from './remote-log-keys.ts';

const tb = { tableId: 7, partitionId: -1, bucket: 2 };
const prefix = bucketRemotePrefix(tb, 'inc-1');

function segment(startOffset: number, endOffset: number, overrides: Partial<RemoteSegment> = {}): RemoteSegment {
  const id = `id-${startOffset}`;
  return {
    id,
    segmentBaseOffset: startOffset,
    startOffset,
    endOffset,
    maxTimestampMs: startOffset * 10,
    sizeBytes: 100,
    sha256: 'x',
    leaderEpoch: 1,
    keys: remoteSegmentKeys(prefix, startOffset, id),
    ...overrides,
  };
}

describe('remote log manifest', () => {
  it('versions grow by one; added segments extend the end, expired ones leave their objects and the previous manifest obsolete', () => {
    const empty = emptyManifest(tb, 'inc-1');
    expect(remoteStartOffset(empty)).toBeUndefined();
    const v1 = nextManifest(empty, { added: [segment(0, 10), segment(10, 25)], expired: 0, leaderEpoch: 3, previousKey: undefined });
    expect(v1).toMatchObject({ version: 1, leaderEpoch: 3, endOffset: 25, obsoleteKeys: [] });
    expect(remoteStartOffset(v1)).toBe(0);
    expect(segmentHolding(v1, 9)?.id).toBe('id-0');
    expect(segmentHolding(v1, 10)?.id).toBe('id-10');
    expect(segmentHolding(v1, 25)).toBeUndefined();
    const v2 = nextManifest(v1, { added: [], expired: 2, leaderEpoch: 3, previousKey: 'm1' });
    // Every segment expired: the end stays, so uploads resume there rather than from the start.
    expect(v2).toMatchObject({ version: 2, segments: [], endOffset: 25 });
    expect(remoteStartOffset(v2)).toBeUndefined();
    expect(v2.obsoleteKeys).toEqual([...Object.values(segment(0, 10).keys), ...Object.values(segment(10, 25).keys), 'm1']);
  });

  it('refuses a segment overlapping the end or an empty one, changing nothing', () => {
    const v1 = nextManifest(emptyManifest(tb, 'inc-1'), { added: [segment(0, 10)], expired: 0, leaderEpoch: 1, previousKey: undefined });
    expect(() => nextManifest(v1, { added: [segment(5, 20)], expired: 0, leaderEpoch: 1, previousKey: 'k' })).toThrow(/overlaps the remote log ending at 10/);
    expect(() => nextManifest(v1, { added: [segment(10, 10)], expired: 0, leaderEpoch: 1, previousKey: 'k' })).toThrow(/is empty/);
    // A new leader's segment the end falls inside is served from the end on.
    const v2 = nextManifest(v1, { added: [segment(8, 20, { startOffset: 10 })], expired: 0, leaderEpoch: 2, previousKey: 'k' });
    expect(segmentHolding(v2, 9)?.id).toBe('id-0');
    expect(segmentHolding(v2, 10)?.id).toBe('id-8');
  });

  it('decodes only the manifest expected (bucket, incarnation, version) and well formed', () => {
    const v1 = nextManifest(emptyManifest(tb, 'inc-1'), { added: [segment(0, 10), segment(10, 25)], expired: 0, leaderEpoch: 1, previousKey: undefined });
    const bytes = encodeManifest(v1);
    expect(decodeManifest(bytes, { ...tb, tableIncarnation: 'inc-1', version: 1 })).toEqual(v1);
    expect(() => decodeManifest(bytes, { ...tb, tableIncarnation: 'inc-2', version: 1 })).toThrow(/tableIncarnation inc-1, expected inc-2/);
    expect(() => decodeManifest(bytes, { ...tb, tableIncarnation: 'inc-1', version: 2 })).toThrow(/version 1, expected 2/);
    expect(() => decodeManifest(bytes, { ...tb, bucket: 3, tableIncarnation: 'inc-1', version: 1 })).toThrow(/bucket 2, expected 3/);
    expect(() => decodeManifest(Buffer.from('{"format":1'), { ...tb, tableIncarnation: 'inc-1', version: 1 })).toThrow(/not JSON/);
    const disordered = { ...v1, segments: [v1.segments[1], v1.segments[0]] };
    expect(() => decodeManifest(Buffer.from(JSON.stringify(disordered)), { ...tb, tableIncarnation: 'inc-1', version: 1 })).toThrow(/out of order/);
  });

  it('keys: a table incarnation, partition and bucket each have their own prefix, every object a fresh id', () => {
    expect(tableRemotePrefix(7, 'inc-1')).toBe('log/7/inc-1/');
    expect(prefix).toBe('log/7/inc-1/b2/');
    const partitioned = bucketRemotePrefix({ tableId: 7, partitionId: 12, bucket: 0 }, 'inc-1');
    expect(partitioned.startsWith(partitionRemotePrefix(7, 'inc-1', 12))).toBe(true);
    expect(partitioned.startsWith(partitionRemotePrefix(7, 'inc-1', 1))).toBe(false);
    expect(remoteSegmentKeys(prefix, 42, 'u')).toEqual({
      log: 'log/7/inc-1/b2/segments/00000000000000000042-u.log',
      offsetIndex: 'log/7/inc-1/b2/segments/00000000000000000042-u.index',
      timeIndex: 'log/7/inc-1/b2/segments/00000000000000000042-u.timeindex',
      metadata: 'log/7/inc-1/b2/segments/00000000000000000042-u.meta.json',
    });
    expect(manifestKey(prefix, 3, 'u')).toBe('log/7/inc-1/b2/manifests/00000000000000000003-u.json');
  });
});
