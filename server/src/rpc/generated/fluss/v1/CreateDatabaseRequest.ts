// Original file: fluss/v1/coordinator.proto


export interface CreateDatabaseRequest {
  'name'?: (string);
  'ignoreIfExists'?: (boolean);
  'comment'?: (string);
}

export interface CreateDatabaseRequest__Output {
  'name': (string);
  'ignoreIfExists': (boolean);
  'comment': (string);
}
