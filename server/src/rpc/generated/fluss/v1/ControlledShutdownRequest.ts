// Original file: fluss/v1/coordinator.proto


export interface ControlledShutdownRequest {
  'serverId'?: (number);
  'clusterId'?: (string);
}

export interface ControlledShutdownRequest__Output {
  'serverId': (number);
  'clusterId': (string);
}
