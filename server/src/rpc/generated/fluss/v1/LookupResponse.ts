// Original file: fluss/v1/tablet.proto


export interface LookupResponse {
  'found'?: (boolean)[];
  'rowsArrowIpc'?: (Buffer | Uint8Array | string);
}

export interface LookupResponse__Output {
  'found': (boolean)[];
  'rowsArrowIpc': (Buffer);
}
