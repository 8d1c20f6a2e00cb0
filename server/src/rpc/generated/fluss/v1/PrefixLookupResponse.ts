// Original file: fluss/v1/tablet.proto


export interface PrefixLookupResponse {
  'rowCounts'?: (number)[];
  'rowsArrowIpc'?: (Buffer | Uint8Array | string);
}

export interface PrefixLookupResponse__Output {
  'rowCounts': (number)[];
  'rowsArrowIpc': (Buffer);
}
