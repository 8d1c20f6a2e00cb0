// Original file: fluss/v1/coordinator.proto


export interface ListDatabasesRequest {
}

export interface ListDatabasesRequest__Output {
}
