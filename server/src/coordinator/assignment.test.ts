import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BucketAssignment } from '../table/table-bucket.ts';
import { placeReplicas, type PlacementServer } from './assignment.ts';

const unplaced = (count: number, tableId = 1): BucketAssignment[] =>
  Array.from({ length: count }, (_, bucket) => ({ tableId, partitionId: -1, bucket, leader: -1, replicas: [], isr: [], leaderEpoch: 0, bucketEpoch: 0 }));

function countBy(values: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('placeReplicas', () => {
  it('with one replica, spreads buckets over the least loaded servers (ties: lowest id)', () => {
    const servers = [
      { id: 0, rack: '' },
      { id: 1, rack: '' },
    ];
    const existing = [{ tableId: 9, partitionId: -1, bucket: 0, leader: 0, replicas: [0], isr: [0], leaderEpoch: 1, bucketEpoch: 1 }];
    const placed = placeReplicas([...existing, ...unplaced(3)], servers, () => 1);
    expect(placed.map((b) => b.replicas)).toEqual([[1], [0], [1]]);
    expect(placed.every((b) => b.leader === b.replicas[0] && b.leaderEpoch === 1)).toBe(true);
  });

  it('leaves buckets unplaced while fewer live servers than their factor exist, and keeps placed ones', () => {
    const placed = placeReplicas(
      [{ tableId: 1, partitionId: -1, bucket: 0, leader: 7, replicas: [7], isr: [7], leaderEpoch: 3, bucketEpoch: 3 }, ...unplaced(2)],
      [{ id: 0, rack: '' }],
      () => 3,
    );
    expect(placed).toEqual([]);
  });

  it('puts the replicas of a bucket on distinct racks while there are racks enough', () => {
    const servers = [
      { id: 0, rack: 'a' },
      { id: 1, rack: 'a' },
      { id: 2, rack: 'b' },
      { id: 3, rack: 'c' },
    ];
    for (const bucket of placeReplicas(unplaced(8), servers, () => 3)) {
      const racks = bucket.replicas.map((id) => servers[id]!.rack);
      expect(new Set(racks).size).toBe(3);
    }
  });

  it('evens leaders out where one bucket at a time cannot: four servers on one rack, four buckets of two replicas', () => {
    // Placing bucket by bucket led 0 twice and 3 never: bucket 1 ([2, 3]) took 2 before bucket 3 ([0, 2]) needed it.
    const servers = [0, 1, 2, 3].map((id) => ({ id, rack: 'c' }));
    const placed = placeReplicas(unplaced(4), servers, () => 2);
    expect(placed.map((b) => b.leader).sort()).toEqual([0, 1, 2, 3]);
    expect(placed.every((b) => b.replicas[0] === b.leader && b.isr.join() === b.replicas.join())).toBe(true);
  });

  it('for any cluster: distinct replicas, the factor met, the leader among them, replicas and leaders evened out, same input same plan', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('', 'a', 'b', 'c'), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        (racks, factor, count) => {
          const servers: PlacementServer[] = racks.map((rack, id) => ({ id, rack }));
          const placed = placeReplicas(unplaced(count), servers, () => factor);
          if (servers.length < factor) return placed.length === 0;
          expect(placed).toHaveLength(count);
          for (const bucket of placed) {
            expect(new Set(bucket.replicas).size).toBe(factor);
            expect(bucket.replicas[0]).toBe(bucket.leader);
          }
          const rackCount = new Set(racks).size;
          for (const bucket of placed) {
            expect(new Set(bucket.replicas.map((id) => servers[id]!.rack)).size).toBe(Math.min(factor, rackCount));
          }
          if (rackCount === 1) {
            // Without racks to respect, replicas and leaders are even to within one.
            const replicaCounts = countBy(placed.flatMap((b) => b.replicas));
            const leaderCounts = countBy(placed.map((b) => b.leader));
            for (const counts of [replicaCounts, leaderCounts]) {
              const loads = servers.map((s) => counts.get(s.id) ?? 0);
              expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
            }
          }
          expect(placeReplicas(unplaced(count), servers, () => factor)).toEqual(placed);
          return true;
        },
      ),
    );
  });
});
