// Original file: fluss/v1/coordinator.proto


export interface RegisterTabletServerResponse {
  'heartbeatIntervalMs'?: (number);
  'clusterId'?: (string);
  'coordinatorEpoch'?: (number);
}

export interface RegisterTabletServerResponse__Output {
  'heartbeatIntervalMs': (number);
  'clusterId': (string);
  'coordinatorEpoch': (number);
}
