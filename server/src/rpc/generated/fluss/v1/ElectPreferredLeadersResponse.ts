// Original file: fluss/v1/coordinator.proto


export interface ElectPreferredLeadersResponse {
  'movedLeaderships'?: (number);
  'waitingBuckets'?: (number);
}

export interface ElectPreferredLeadersResponse__Output {
  'movedLeaderships': (number);
  'waitingBuckets': (number);
}
