// Original file: fluss/v1/coordinator.proto


export interface ControlledShutdownResponse {
  'movedLeaderships'?: (number);
  'remainingLeaderships'?: (number);
  'strandedLeaderships'?: (number);
}

export interface ControlledShutdownResponse__Output {
  'movedLeaderships': (number);
  'remainingLeaderships': (number);
  'strandedLeaderships': (number);
}
