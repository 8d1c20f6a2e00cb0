import { decodeRows, inspectIpc, ReusableEncoder, type ColumnDef } from '../arrow/index.ts';
import type { KvTablet, Row } from '../kv/index.ts';
import { FlussError } from '../rpc/errors.ts';
import type { LookupRequest__Output } from '../rpc/generated/fluss/v1/LookupRequest.ts';
import type { LookupResponse } from '../rpc/generated/fluss/v1/LookupResponse.ts';
import type { PrefixLookupRequest__Output } from '../rpc/generated/fluss/v1/PrefixLookupRequest.ts';
import type { PrefixLookupResponse } from '../rpc/generated/fluss/v1/PrefixLookupResponse.ts';
import type { PutKvRequest__Output } from '../rpc/generated/fluss/v1/PutKvRequest.ts';
import type { PutKvResponse } from '../rpc/generated/fluss/v1/PutKvResponse.ts';
import { KV_OP_CODES, kvWireColumns, type KvOp } from '../table/kv-wire.ts';
import { toFlussError } from './errors.ts';
import type { Replica } from './replica.ts';
import { advanceHighWatermark, awaitReplication, checkInsyncReplicas, checkStillLeading, minInsyncReplicas } from './replication.ts';
import { tableBucketText, type TableBucket } from '../table/table-bucket.ts';

const OP_OF_CODE = new Map<number, KvOp>(Object.entries(KV_OP_CODES).map(([op, code]) => [code, op as KvOp]));

export interface KvHandlerContext {
  /** The bucket's replica, which this server leads (NOT_LEADER_OR_FOLLOWER otherwise). */
  replicaOf: (tb: TableBucket) => Promise<Replica>;
  serverId: number;
  /** How long an acks=all write waits for its in-sync replicas (produce.ack-timeout). */
  ackTimeoutMs: () => number;
}

/**
 * PutKv, Lookup and PrefixLookup: the primary-key side of the tablet service. A replicated
 * table's KV state holds its changelog up to the high watermark (kv/kv-tablet.ts): an acks=all
 * put is answered once the high watermark has passed it and the KV state holds it; a new leader
 * serves lookups once its KV state holds its log as of its election, so a lookup sees every write
 * an earlier leader acknowledged.
 */
export function kvHandlers(ctx: KvHandlerContext): {
  putKv(req: PutKvRequest__Output): Promise<PutKvResponse>;
  lookup(req: LookupRequest__Output): Promise<LookupResponse>;
  prefixLookup(req: PrefixLookupRequest__Output): Promise<PrefixLookupResponse>;
} {
  /** The replica's KV tablet, and a text naming the bucket for errors. */
  async function keyedReplica(tb: TableBucket): Promise<{ replica: Replica; kv: KvTablet; where: string }> {
    const replica = await ctx.replicaOf(tb);
    const where = tableBucketText(tb, replica.table);
    if (replica.kv === undefined)
      throw new FlussError('INVALID_ARGUMENT', `${where} is a log table without a primary key: write with Produce, read with Fetch`);
    return { replica, kv: replica.kv, where };
  }

  // Per table's columns (a replica keeps its array): answers reuse one encoder, not one per request.
  const responseEncoders = new WeakMap<readonly ColumnDef[], ReusableEncoder>();
  function encodeRows(columns: readonly ColumnDef[], rows: readonly Row[]): Uint8Array {
    if (rows.length === 0) return new Uint8Array(0);
    let encoder = responseEncoders.get(columns);
    if (encoder === undefined) {
      encoder = new ReusableEncoder(columns);
      responseEncoders.set(columns, encoder);
    }
    return encoder.encode(rows);
  }

  /** Rows of a request's IPC after checking it has exactly `columns`. */
  function rowsOf(ipc: Uint8Array, columns: readonly ColumnDef[], what: string): Row[] {
    inspectIpc(ipc, columns);
    const rows = decodeRows(ipc);
    if (rows.length === 0) throw new FlussError('INVALID_ARGUMENT', `${what}: no rows`);
    return rows;
  }

  return {
    async putKv(req) {
      const { replica, kv, where } = await keyedReplica(req);
      try {
        const schemaId = replica.table.schema?.schemaId ?? 0;
        if (req.schemaId !== schemaId)
          throw new FlussError('INVALID_ARGUMENT', `Schema id ${req.schemaId} does not match ${where}: its schema id is ${schemaId}`);
        const targetColumns = targetNames(replica.columns, req.targetColumnIds, where);
        const rows = rowsOf(req.arrowIpc, kvWireColumns(replica.columns, replica.table.primaryKey, targetColumns), `PutKv to ${where}`);
        if (req.ops.length !== rows.length) throw new FlussError('INVALID_ARGUMENT', `PutKv to ${where}: ${rows.length} rows but ${req.ops.length} ops`);
        const ops = [...req.ops].map((code, index) => {
          const op = OP_OF_CODE.get(code);
          if (op === undefined) throw new FlussError('INVALID_ARGUMENT', `PutKv to ${where}: row ${index} has unknown op ${code}`);
          return op;
        });
        const acksAll = req.acks === -1;
        // The term of leadership the write is appended under: answered only while it lasts.
        const term = replica.leadership;
        if (acksAll) checkInsyncReplicas(replica, minInsyncReplicas(replica.table));
        const result = await kv.write({ rows, ops, targetColumns, writerId: req.writerId, batchSequence: req.batchSequence, leaderEpoch: replica.leaderEpoch });
        advanceHighWatermark(replica, ctx.serverId);
        if (acksAll) {
          // A retry answered as a duplicate waits the same: its first attempt may not be replicated yet.
          const end = result.baseOffset + result.changeCount;
          await awaitReplication(replica, end - 1, ctx.ackTimeoutMs(), term);
          await kv.waitApplied(end);
        } else checkStillLeading(replica, term, result.baseOffset + result.changeCount - 1);
        return { baseOffset: result.baseOffset, changeCount: result.changeCount, duplicate: result.duplicate };
      } catch (error) {
        throw toFlussError(error, where);
      }
    },

    async lookup(req) {
      const { replica, kv, where } = await keyedReplica(req);
      try {
        requireTermApplied(replica, kv, where);
        const keyColumns = replica.table.primaryKey.map((name) => replica.columns.find((c) => c.name === name)!);
        const found = await kv.lookup(rowsOf(req.keysArrowIpc, keyColumns, `Lookup in ${where}`));
        const rows = found.filter((row): row is Row => row !== undefined);
        return { found: found.map((row) => row !== undefined), rowsArrowIpc: encodeRows(replica.columns, rows) };
      } catch (error) {
        throw toFlussError(error, where);
      }
    },

    async prefixLookup(req) {
      const { replica, kv, where } = await keyedReplica(req);
      try {
        requireTermApplied(replica, kv, where);
        const prefixColumns = replica.table.bucketKey.map((name) => replica.columns.find((c) => c.name === name)!);
        const groups = await kv.prefixLookup(rowsOf(req.prefixesArrowIpc, prefixColumns, `PrefixLookup in ${where}`));
        return { rowCounts: groups.map((group) => group.length), rowsArrowIpc: encodeRows(replica.columns, groups.flat()) };
      } catch (error) {
        throw toFlussError(error, where);
      }
    },
  };
}

/**
 * A replicated bucket's leader answers lookups once its KV state holds its log as it was when it
 * became leader: that log has every write an earlier leader acknowledged (it was in the ISR), and
 * it is applied once the high watermark, which the followers' fetches move, reaches it. Until
 * then UNAVAILABLE (retriable): an older value would look like a lost write.
 */
function requireTermApplied(replica: Replica, kv: KvTablet, where: string): void {
  const termStart = replica.leadership?.epochStartOffset;
  if (termStart === undefined || kv.appliedOffset >= termStart) return;
  throw new FlussError(
    'UNAVAILABLE',
    `${where}: new leader (epoch ${replica.leaderEpoch}) not serving lookups yet: its KV state holds the changelog up to ${kv.appliedOffset}, its term began at ${termStart} (high watermark ${replica.log.highWatermark}); retry`,
  );
}

function targetNames(columns: readonly ColumnDef[], ids: readonly number[], where: string): string[] | undefined {
  if (ids.length === 0) return undefined;
  return ids.map((id) => {
    const column = columns.find((c) => c.id === id);
    if (column === undefined) throw new FlussError('INVALID_ARGUMENT', `PutKv to ${where}: target column id ${id} is not a column`);
    return column.name;
  });
}
