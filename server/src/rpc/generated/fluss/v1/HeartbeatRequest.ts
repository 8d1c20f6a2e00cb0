// Original file: fluss/v1/coordinator.proto


export interface HeartbeatRequest {
  'serverId'?: (number);
}

export interface HeartbeatRequest__Output {
  'serverId': (number);
}
