import type { RecordBatch__Output } from '../../rpc/generated/fluss/v1/RecordBatch.ts';
import { recordsFromBatches, type ScanRecord } from './records.ts';

/** What one Fetch returned for one bucket, waiting to be handed out by `poll`. */
export interface FetchedChunk {
  readonly key: string;
  /** The subscription epoch it was fetched for; a re-subscribe makes it stale. */
  readonly epoch: number;
  readonly partition: string | undefined;
  readonly bucket: number;
  /** Batches not decoded yet, in offset order. */
  readonly batches: RecordBatch__Output[];
  /** The next offset to hand out (rows before it, at the start of a batch, are skipped). */
  from: number;
  /** The bucket's position once all of this chunk is handed out. */
  readonly nextOffset: number;
  /** IPC bytes of the batches, for the read-ahead bound. */
  readonly bytes: number;
}

interface QueuedChunk extends FetchedChunk {
  decoded: ScanRecord[];
}

export interface TakeHooks {
  decode: (ipc: Uint8Array) => Record<string, unknown>[];
  /** False when the chunk's subscription changed since the fetch: the chunk is dropped. */
  isLive: (key: string, epoch: number) => boolean;
  /** The caller has now seen everything of `key` before `offset`. */
  consumed: (key: string, epoch: number, offset: number) => void;
}

/**
 * Fetched data between the fetcher and `poll`, in arrival order. Batches are decoded only when
 * handed out, so a caller asking for a few records does not pay for decoding megabytes.
 */
export class ChunkQueue {
  #chunks: QueuedChunk[] = [];
  #bytes = 0;

  get bytes(): number {
    return this.#bytes;
  }

  get isEmpty(): boolean {
    return this.#chunks.length === 0;
  }

  push(chunk: FetchedChunk): void {
    this.#chunks.push({ ...chunk, decoded: [] });
    this.#bytes += chunk.bytes;
  }

  /** Hands out up to `max` records, oldest chunk first. */
  take(max: number, hooks: TakeHooks): ScanRecord[] {
    const out: ScanRecord[] = [];
    while (out.length < max) {
      const chunk = this.#chunks[0];
      if (chunk === undefined) break;
      if (!hooks.isLive(chunk.key, chunk.epoch)) {
        this.#drop();
        continue;
      }
      if (chunk.decoded.length === 0 && chunk.batches.length > 0) {
        const batch = chunk.batches.shift()!;
        const from = { partition: chunk.partition, bucket: chunk.bucket, fetchOffset: chunk.from };
        chunk.decoded = recordsFromBatches([batch], from, hooks.decode).records;
      }
      const taken = chunk.decoded.splice(0, max - out.length);
      out.push(...taken);
      const last = taken.at(-1);
      if (last !== undefined) {
        chunk.from = last.offset + 1;
        hooks.consumed(chunk.key, chunk.epoch, chunk.from);
      }
      if (chunk.decoded.length === 0 && chunk.batches.length === 0) {
        hooks.consumed(chunk.key, chunk.epoch, chunk.nextOffset);
        this.#drop();
      }
    }
    return out;
  }

  #drop(): void {
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) this.#bytes -= chunk.bytes;
  }
}
