// Original file: fluss/v1/coordinator.proto

import type { RebalanceProgress as _fluss_v1_RebalanceProgress, RebalanceProgress__Output as _fluss_v1_RebalanceProgress__Output } from '../../fluss/v1/RebalanceProgress.ts';

export interface RebalanceResponse {
  'rebalance'?: (_fluss_v1_RebalanceProgress | null);
}

export interface RebalanceResponse__Output {
  'rebalance': (_fluss_v1_RebalanceProgress__Output | null);
}
