// Original file: fluss/v1/coordinator.proto

import type { Long } from '@grpc/proto-loader';

export interface RebalanceRequest {
  'goals'?: (string)[];
  'dryRun'?: (boolean);
  'maxConcurrentMoves'?: (number);
  'throttleBytesPerSec'?: (number | string | Long);
}

export interface RebalanceRequest__Output {
  'goals': (string)[];
  'dryRun': (boolean);
  'maxConcurrentMoves': (number);
  'throttleBytesPerSec': (number);
}
