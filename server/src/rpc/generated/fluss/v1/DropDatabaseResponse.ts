// Original file: fluss/v1/coordinator.proto


export interface DropDatabaseResponse {
}

export interface DropDatabaseResponse__Output {
}
