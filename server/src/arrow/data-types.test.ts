import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDataType, parseDataType, type DataType } from './data-types.ts';
import { dataTypeArb } from './test-arbitraries.ts';

describe('parseDataType', () => {
  it.each<[string, DataType]>([
    ['BOOLEAN', { kind: 'boolean' }],
    ['bool', { kind: 'boolean' }],
    ['TINYINT', { kind: 'tinyint' }],
    ['SmallInt', { kind: 'smallint' }],
    ['INT', { kind: 'int' }],
    ['integer', { kind: 'int' }],
    ['BIGINT', { kind: 'bigint' }],
    ['FLOAT', { kind: 'float' }],
    ['DOUBLE', { kind: 'double' }],
    ['double  precision', { kind: 'double' }],
    ['DECIMAL(10,2)', { kind: 'decimal', precision: 10, scale: 2 }],
    [' decimal( 38 , 38 ) ', { kind: 'decimal', precision: 38, scale: 38 }],
    ['NUMERIC(5)', { kind: 'decimal', precision: 5, scale: 0 }],
    ['DECIMAL', { kind: 'decimal', precision: 10, scale: 0 }],
    ['STRING', { kind: 'string' }],
    ['varchar', { kind: 'string' }],
    ['BYTES', { kind: 'bytes' }],
    ['VARBINARY', { kind: 'bytes' }],
    ['DATE', { kind: 'date' }],
    ['TIME', { kind: 'time', precision: 0 }],
    ['TIME(3)', { kind: 'time', precision: 3 }],
    ['TIMESTAMP', { kind: 'timestamp', precision: 6 }],
    ['timestamp(9)', { kind: 'timestamp', precision: 9 }],
    ['TIMESTAMP(3) WITHOUT TIME ZONE', { kind: 'timestamp', precision: 3 }],
    ['TIMESTAMP_LTZ', { kind: 'timestamp_ltz', precision: 6 }],
    ['TIMESTAMP_LTZ(0)', { kind: 'timestamp_ltz', precision: 0 }],
    ['TIMESTAMP(3) WITH LOCAL TIME ZONE', { kind: 'timestamp_ltz', precision: 3 }],
  ])('parses %j', (text, type) => {
    expect(parseDataType(text)).toEqual(type);
  });

  it.each([
    ['INTT', 'unknown data type: "INTT"'],
    ['', 'unknown data type: ""'],
    ['DECIMAL(40,2)', 'decimal precision must be 1..38: "DECIMAL(40,2)"'],
    ['DECIMAL(0)', 'decimal precision must be 1..38: "DECIMAL(0)"'],
    ['DECIMAL(5,6)', 'decimal scale must be 0..precision: "DECIMAL(5,6)"'],
    ['TIMESTAMP(10)', 'timestamp precision must be 0..9: "TIMESTAMP(10)"'],
    ['TIME(1,2)', 'TIME takes one parameter (precision): "TIME(1,2)"'],
    ['INT(3)', 'INT takes no parameters: "INT(3)"'],
    ['TIMESTAMP WITH TIME ZONE', 'unknown data type: "TIMESTAMP WITH TIME ZONE"'],
    ['DECIMAL(10,2', 'unknown data type: "DECIMAL(10,2"'],
    ['ARRAY<INT>', 'unknown data type: "ARRAY<INT>"'],
  ])('rejects %j with a TypeError naming the text', (text, message) => {
    expect(() => parseDataType(text)).toThrow(new TypeError(message));
  });
});

describe('formatDataType', () => {
  it.each<[DataType, string]>([
    [{ kind: 'int' }, 'INT'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, 'DECIMAL(10,2)'],
    [{ kind: 'timestamp_ltz', precision: 3 }, 'TIMESTAMP_LTZ(3)'],
    [{ kind: 'time', precision: 0 }, 'TIME(0)'],
    [{ kind: 'bytes' }, 'BYTES'],
  ])('spells %j as %s', (type, text) => {
    expect(formatDataType(type)).toBe(text);
  });

  it('is parsed back to the same type, for every type', () => {
    fc.assert(
      fc.property(dataTypeArb, (type) => {
        expect(parseDataType(formatDataType(type))).toEqual(type);
      }),
    );
  });
});
