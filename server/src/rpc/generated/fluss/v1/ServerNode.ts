// Original file: fluss/v1/common.proto


export interface ServerNode {
  'id'?: (number);
  'host'?: (string);
  'port'?: (number);
  'rack'?: (string);
}

export interface ServerNode__Output {
  'id': (number);
  'host': (string);
  'port': (number);
  'rack': (string);
}
