export interface LogConfig {
  /** Roll to a new segment before an append would grow the active one past this. At most 2^31-1. */
  segmentBytes: number;
  /** Roll to a new segment once the active one's first batch is this old (on the injected clock). */
  segmentMs: number;
  /** Bytes of batches between two sparse index entries: smaller = faster lookups, bigger indexes. */
  indexIntervalBytes: number;
  /** Delete closed segments whose newest batch is older than this; -1 keeps them forever. */
  retentionMs: number;
  /** Delete the oldest closed segments while the log exceeds this size; -1 means no limit. */
  retentionBytes: number;
  /** fdatasync before acknowledging durable appends (group commit); off = durable once written to the OS. */
  fsync: boolean;
}

/** Kafka's defaults, with fsync on: an acknowledged durable append survives power loss. */
export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  indexIntervalBytes: 4096,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  fsync: true,
});

/** Batch positions are indexed as uint32; keeping segments under 2 GiB keeps every position in range. */
const SEGMENT_BYTES_MAX = 0x7fff_ffff;

export function validateLogConfig(config: LogConfig): void {
  requireInteger('segmentBytes', config.segmentBytes, 1, SEGMENT_BYTES_MAX);
  requireInteger('segmentMs', config.segmentMs, 1, Number.MAX_SAFE_INTEGER);
  requireInteger('indexIntervalBytes', config.indexIntervalBytes, 1, SEGMENT_BYTES_MAX);
  requireInteger('retentionMs', config.retentionMs, -1, Number.MAX_SAFE_INTEGER);
  requireInteger('retentionBytes', config.retentionBytes, -1, Number.MAX_SAFE_INTEGER);
  if (typeof config.fsync !== 'boolean') throw new TypeError(`Invalid log config fsync: ${String(config.fsync)}`);
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`Invalid log config ${name}: ${value} (expected an integer in [${min}, ${max}])`);
  }
}
