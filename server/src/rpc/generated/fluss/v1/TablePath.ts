// Original file: fluss/v1/common.proto


export interface TablePath {
  'database'?: (string);
  'table'?: (string);
}

export interface TablePath__Output {
  'database': (string);
  'table': (string);
}
