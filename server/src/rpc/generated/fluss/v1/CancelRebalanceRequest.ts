// Original file: fluss/v1/coordinator.proto


export interface CancelRebalanceRequest {
  'rebalanceId'?: (string);
}

export interface CancelRebalanceRequest__Output {
  'rebalanceId': (string);
}
