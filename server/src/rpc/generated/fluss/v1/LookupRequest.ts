// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface LookupRequest {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'keysArrowIpc'?: (Buffer | Uint8Array | string);
}

export interface LookupRequest__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'keysArrowIpc': (Buffer);
}
