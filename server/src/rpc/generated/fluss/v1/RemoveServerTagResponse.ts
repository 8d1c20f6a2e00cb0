// Original file: fluss/v1/coordinator.proto


export interface RemoveServerTagResponse {
}

export interface RemoveServerTagResponse__Output {
}
