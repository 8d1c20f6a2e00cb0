// Original file: fluss/v1/coordinator.proto


export interface RemoveServerTagRequest {
  'serverIds'?: (number)[];
  'tag'?: (string);
}

export interface RemoveServerTagRequest__Output {
  'serverIds': (number)[];
  'tag': (string);
}
