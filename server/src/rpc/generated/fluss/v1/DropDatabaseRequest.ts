// Original file: fluss/v1/coordinator.proto


export interface DropDatabaseRequest {
  'name'?: (string);
  'ignoreIfNotExists'?: (boolean);
  'cascade'?: (boolean);
}

export interface DropDatabaseRequest__Output {
  'name': (string);
  'ignoreIfNotExists': (boolean);
  'cascade': (boolean);
}
