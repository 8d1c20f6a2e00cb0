// Original file: fluss/v1/tablet.proto


export interface UpdateBucketStatesResponse {
  'applied'?: (number);
}

export interface UpdateBucketStatesResponse__Output {
  'applied': (number);
}
