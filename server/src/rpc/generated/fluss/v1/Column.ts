// Original file: fluss/v1/common.proto


export interface Column {
  'id'?: (number);
  'name'?: (string);
  'type'?: (string);
  'nullable'?: (boolean);
  'comment'?: (string);
}

export interface Column__Output {
  'id': (number);
  'name': (string);
  'type': (string);
  'nullable': (boolean);
  'comment': (string);
}
