// Original file: fluss/v1/coordinator.proto

import type { BucketMove as _fluss_v1_BucketMove, BucketMove__Output as _fluss_v1_BucketMove__Output } from '../../fluss/v1/BucketMove.ts';
import type { Long } from '@grpc/proto-loader';

export interface RebalanceProgress {
  'rebalanceId'?: (string);
  'state'?: (string);
  'goals'?: (string)[];
  'moves'?: (_fluss_v1_BucketMove)[];
  'startedAtMs'?: (number | string | Long);
  'finishedAtMs'?: (number | string | Long);
  'maxConcurrentMoves'?: (number);
  'throttleBytesPerSec'?: (number | string | Long);
  'unmovable'?: (string)[];
}

export interface RebalanceProgress__Output {
  'rebalanceId': (string);
  'state': (string);
  'goals': (string)[];
  'moves': (_fluss_v1_BucketMove__Output)[];
  'startedAtMs': (number);
  'finishedAtMs': (number);
  'maxConcurrentMoves': (number);
  'throttleBytesPerSec': (number);
  'unmovable': (string)[];
}
