import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogTablet } from './log-tablet.ts';
import { SegmentReader } from './segment-reader.ts';
import { appendInput, makeTempDir, ManualTimers, payloadOf, removeTempDirs, testConfig } from './test-support.ts';

afterEach(removeTempDirs);

async function logWithSegments(): Promise<LogTablet> {
  const log = await LogTablet.open(await makeTempDir(), testConfig({ segmentBytes: 500 }), new ManualTimers());
  for (let i = 0; i < 20; i++) await log.append(appendInput(payloadOf(i, 100), { recordCount: 2 }), { durable: true });
  return log;
}

describe('log tablet: what tiering to remote storage needs', () => {
  it('lists closed segments (never the active one) and hands out their files and headers, pinned', async () => {
    const log = await logWithSegments();
    const closed = log.closedSegments();
    expect(closed.length).toBeGreaterThan(3);
    expect(closed.at(-1)!.nextOffset).toBeLessThan(log.logEndOffset);
    closed.forEach((segment, i) => i > 0 && expect(segment.baseOffset).toBe(closed[i - 1]!.nextOffset));
    const headers = await log.withClosedSegment(closed[1]!.baseOffset, async (segment) => segment.headers());
    expect(headers?.[0]?.baseOffset).toBe(closed[1]!.baseOffset);
    expect(headers?.at(-1)?.baseOffset).toBeLessThan(closed[1]!.nextOffset);
    const active = closed.at(-1)!.nextOffset;
    expect(await log.withClosedSegment(active, async () => 'active')).toBeUndefined();
    expect(await log.withClosedSegment(7, async () => 'no such segment')).toBeUndefined();
    // A copy of a closed segment's file reads like the log does.
    const reader = await log.withClosedSegment(closed[0]!.baseOffset, async ({ files }) => {
      return SegmentReader.open(dirname(files.log), closed[0]!.baseOffset, { indexIntervalBytes: 256 });
    });
    expect((await reader!.read(1, 10_000, true)).map((batch) => batch.baseOffset)).toEqual(
      (await log.read(0, 10_000)).batches.filter((b) => b.baseOffset < closed[0]!.nextOffset).map((b) => b.baseOffset),
    );
    await reader!.close();
    await log.close();
  });

  it('keepSegments deletes all but the newest segments, never the active one nor past keepFromOffset', async () => {
    const log = await logWithSegments();
    const closed = log.closedSegments();
    expect(await log.enforceRetention({ keepSegments: 3, keepFromOffset: closed[1]!.nextOffset })).toEqual({ deletedSegments: 2 });
    expect(log.logStartOffset).toBe(closed[2]!.baseOffset);
    await log.enforceRetention({ keepSegments: 3 });
    expect(log.closedSegments()).toHaveLength(2);
    await log.enforceRetention({ keepSegments: 1 });
    expect(log.closedSegments()).toHaveLength(0);
    expect(log.logEndOffset).toBe(40); // the active segment stays, with all its data
    await log.close();
  });
});
