// Original file: fluss/v1/tablet.proto

import type { OffsetSpec as _fluss_v1_OffsetSpec, OffsetSpec__Output as _fluss_v1_OffsetSpec__Output } from '../../fluss/v1/OffsetSpec.ts';
import type { Long } from '@grpc/proto-loader';

export interface ListOffsetsRequest {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'buckets'?: (number)[];
  'spec'?: (_fluss_v1_OffsetSpec);
  'timestampMs'?: (number | string | Long);
}

export interface ListOffsetsRequest__Output {
  'tableId': (number);
  'partitionId': (number);
  'buckets': (number)[];
  'spec': (_fluss_v1_OffsetSpec__Output);
  'timestampMs': (number);
}
