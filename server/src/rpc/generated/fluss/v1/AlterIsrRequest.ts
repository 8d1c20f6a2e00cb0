// Original file: fluss/v1/coordinator.proto

import type { BucketIsrChange as _fluss_v1_BucketIsrChange, BucketIsrChange__Output as _fluss_v1_BucketIsrChange__Output } from '../../fluss/v1/BucketIsrChange.ts';

export interface AlterIsrRequest {
  'serverId'?: (number);
  'changes'?: (_fluss_v1_BucketIsrChange)[];
}

export interface AlterIsrRequest__Output {
  'serverId': (number);
  'changes': (_fluss_v1_BucketIsrChange__Output)[];
}
