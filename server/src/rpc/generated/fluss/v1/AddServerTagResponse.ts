// Original file: fluss/v1/coordinator.proto


export interface AddServerTagResponse {
}

export interface AddServerTagResponse__Output {
}
