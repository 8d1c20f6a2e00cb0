// Original file: fluss/v1/tablet.proto

import type { Long } from '@grpc/proto-loader';

export interface PutKvResponse {
  'baseOffset'?: (number | string | Long);
  'changeCount'?: (number);
  'duplicate'?: (boolean);
}

export interface PutKvResponse__Output {
  'baseOffset': (number);
  'changeCount': (number);
  'duplicate': (boolean);
}
