// Original file: fluss/v1/coordinator.proto


export interface ListTablesRequest {
  'database'?: (string);
}

export interface ListTablesRequest__Output {
  'database': (string);
}
