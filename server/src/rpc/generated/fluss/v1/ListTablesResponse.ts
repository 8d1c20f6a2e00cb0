// Original file: fluss/v1/coordinator.proto


export interface ListTablesResponse {
  'tables'?: (string)[];
}

export interface ListTablesResponse__Output {
  'tables': (string)[];
}
