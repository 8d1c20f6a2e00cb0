// Original file: fluss/v1/coordinator.proto


export interface ListDatabasesResponse {
  'databases'?: (string)[];
}

export interface ListDatabasesResponse__Output {
  'databases': (string)[];
}
