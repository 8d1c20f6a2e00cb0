// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface ProduceResponse {
  'baseOffset'?: (number | string | Long);
  'recordCount'?: (number);
  'duplicate'?: (boolean);
}

export interface ProduceResponse__Output {
  'baseOffset': (number);
  'recordCount': (number);
  'duplicate': (boolean);
}
