// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface ProduceRequest {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'schemaId'?: (number);
  'acks'?: (number);
  'arrowIpc'?: (Buffer | Uint8Array | string);
  'writerId'?: (number | string | Long);
  'batchSequence'?: (number);
}

export interface ProduceRequest__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'schemaId': (number);
  'acks': (number);
  'arrowIpc': (Buffer);
  'writerId': (number);
  'batchSequence': (number);
}
