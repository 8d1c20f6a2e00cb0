// Original file: fluss/v1/coordinator.proto


export interface GetRebalanceProgressRequest {
}

export interface GetRebalanceProgressRequest__Output {
}
