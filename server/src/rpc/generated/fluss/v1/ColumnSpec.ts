// Original file: fluss/v1/common.proto


export interface ColumnSpec {
  'name'?: (string);
  'type'?: (string);
  'nullable'?: (boolean);
  'comment'?: (string);
}

export interface ColumnSpec__Output {
  'name': (string);
  'type': (string);
  'nullable': (boolean);
  'comment': (string);
}
