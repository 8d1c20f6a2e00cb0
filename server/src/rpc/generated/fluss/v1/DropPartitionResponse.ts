// Original file: fluss/v1/coordinator.proto


export interface DropPartitionResponse {
}

export interface DropPartitionResponse__Output {
}
