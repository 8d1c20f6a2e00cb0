// Original file: fluss/v1/coordinator.proto

import type { BucketIsrResult as _fluss_v1_BucketIsrResult, BucketIsrResult__Output as _fluss_v1_BucketIsrResult__Output } from '../../fluss/v1/BucketIsrResult.ts';

export interface AlterIsrResponse {
  'results'?: (_fluss_v1_BucketIsrResult)[];
}

export interface AlterIsrResponse__Output {
  'results': (_fluss_v1_BucketIsrResult__Output)[];
}
