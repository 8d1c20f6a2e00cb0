// Original file: fluss/v1/coordinator.proto


export interface DropTableResponse {
}

export interface DropTableResponse__Output {
}
