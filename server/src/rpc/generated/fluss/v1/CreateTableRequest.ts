// Original file: fluss/v1/coordinator.proto

import type { TableSpec as _fluss_v1_TableSpec, TableSpec__Output as _fluss_v1_TableSpec__Output } from '../../fluss/v1/TableSpec.ts';

export interface CreateTableRequest {
  'spec'?: (_fluss_v1_TableSpec | null);
  'ignoreIfExists'?: (boolean);
  'createDatabase'?: (boolean);
}

export interface CreateTableRequest__Output {
  'spec': (_fluss_v1_TableSpec__Output | null);
  'ignoreIfExists': (boolean);
  'createDatabase': (boolean);
}
