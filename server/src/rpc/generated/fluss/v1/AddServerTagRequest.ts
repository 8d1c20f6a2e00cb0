// Original file: fluss/v1/coordinator.proto


export interface AddServerTagRequest {
  'serverIds'?: (number)[];
  'tag'?: (string);
}

export interface AddServerTagRequest__Output {
  'serverIds': (number)[];
  'tag': (string);
}
