// Original file: fluss/v1/coordinator.proto


export interface CreateDatabaseResponse {
}

export interface CreateDatabaseResponse__Output {
}
