// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface PrefixLookupRequest {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'prefixesArrowIpc'?: (Buffer | Uint8Array | string);
}

export interface PrefixLookupRequest__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'prefixesArrowIpc': (Buffer);
}
