import type { MoveRecord } from '../coordinator/rebalance/move-steps.ts';
import type { RebalanceRecord } from '../coordinator/rebalance/rebalance-record.ts';
import type { PartitionInfo, TableInfo } from '../table/table-info.ts';
import type { BucketMove } from './generated/fluss/v1/BucketMove.ts';
import type { RebalanceProgress } from './generated/fluss/v1/RebalanceProgress.ts';

/** What names a move's bucket for people: its table's path and partition name, when they still exist. */
export interface BucketNames {
  tableById(tableId: number): TableInfo | undefined;
  partitionById(partitionId: number): PartitionInfo | undefined;
}

function moveToWire(move: MoveRecord, names: BucketNames): BucketMove {
  const table = names.tableById(move.tableId);
  return {
    tableId: move.tableId,
    partitionId: move.partitionId,
    bucket: move.bucket,
    table: table?.path ?? null,
    partitionName: move.partitionId < 0 ? '' : (names.partitionById(move.partitionId)?.name ?? ''),
    originalReplicas: move.originalReplicas,
    originalLeader: move.originalLeader,
    newReplicas: move.newReplicas,
    newLeader: move.newLeader,
    status: move.status,
    error: move.error ?? '',
  };
}

/** A rebalance on the wire; `state` overrides the recorded one (PLANNED for a dry run). */
export function rebalanceToWire(record: RebalanceRecord, names: BucketNames, state: string = record.state): RebalanceProgress {
  return {
    rebalanceId: record.id,
    state,
    goals: record.goals,
    moves: record.moves.map((move) => moveToWire(move, names)),
    startedAtMs: record.startedAtMs,
    finishedAtMs: record.finishedAtMs,
    maxConcurrentMoves: record.maxConcurrentMoves,
    throttleBytesPerSec: record.throttleBytesPerSec,
    unmovable: record.unmovable,
  };
}
