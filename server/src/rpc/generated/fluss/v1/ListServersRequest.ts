// Original file: fluss/v1/coordinator.proto


export interface ListServersRequest {
}

export interface ListServersRequest__Output {
}
