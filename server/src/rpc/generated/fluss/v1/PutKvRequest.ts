// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface PutKvRequest {
  'tableId'?: (number | string | Long);
  'partitionId'?: (number | string | Long);
  'bucket'?: (number);
  'schemaId'?: (number);
  'arrowIpc'?: (Buffer | Uint8Array | string);
  'ops'?: (Buffer | Uint8Array | string);
  'targetColumnIds'?: (number)[];
  'writerId'?: (number | string | Long);
  'batchSequence'?: (number);
  'acks'?: (number);
}

export interface PutKvRequest__Output {
  'tableId': (number);
  'partitionId': (number);
  'bucket': (number);
  'schemaId': (number);
  'arrowIpc': (Buffer);
  'ops': (Buffer);
  'targetColumnIds': (number)[];
  'writerId': (number);
  'batchSequence': (number);
  'acks': (number);
}
