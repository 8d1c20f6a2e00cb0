import { Field, Int32, TimestampMillisecond } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { bufferLayout, describeArrowType, toArrowType } from './arrow-types.ts';
import { parseDataType } from './data-types.ts';
import { DATA_TYPE_KEY, fieldDataType, toArrowSchema, type ColumnDef } from './schema.ts';

describe('toArrowType', () => {
  it.each([
    ['BOOLEAN', 'Bool', 1],
    ['TINYINT', 'Int8', 8],
    ['SMALLINT', 'Int16', 16],
    ['INT', 'Int32', 32],
    ['BIGINT', 'Int64', 64],
    ['FLOAT', 'Float32', 32],
    ['DOUBLE', 'Float64', 64],
    ['DECIMAL(38,4)', 'Decimal128(38, 4)', 128],
    ['STRING', 'Utf8', undefined],
    ['BYTES', 'Binary', undefined],
    ['DATE', 'Date32<DAY>', 32],
    ['TIME(0)', 'Time32<MILLISECOND>', 32],
    ['TIME(3)', 'Time32<MILLISECOND>', 32],
    ['TIME(6)', 'Time64<MICROSECOND>', 64],
    ['TIME(9)', 'Time64<NANOSECOND>', 64],
    ['TIMESTAMP(0)', 'Timestamp<MILLISECOND>', 64],
    ['TIMESTAMP(3)', 'Timestamp<MILLISECOND>', 64],
    ['TIMESTAMP(4)', 'Timestamp<MICROSECOND>', 64],
    ['TIMESTAMP(6)', 'Timestamp<MICROSECOND>', 64],
    ['TIMESTAMP(7)', 'Timestamp<NANOSECOND>', 64],
    ['TIMESTAMP_LTZ(3)', 'Timestamp<MILLISECOND, "UTC">', 64],
    ['TIMESTAMP_LTZ(9)', 'Timestamp<NANOSECOND, "UTC">', 64],
  ])('maps %s to %s', (text, arrow, bitWidth) => {
    const type = parseDataType(text);
    expect(describeArrowType(toArrowType(type))).toBe(arrow);
    expect(bufferLayout(type)).toEqual(bitWidth === undefined ? { varWidth: true } : { varWidth: false, bitWidth });
  });
});

describe('toArrowSchema', () => {
  const columns: ColumnDef[] = [
    { id: 4, name: 'id', type: parseDataType('BIGINT'), nullable: false },
    { id: 17, name: 'at', type: parseDataType('TIMESTAMP(0)'), nullable: true },
  ];

  it('keeps names, order and nullability, and tags fields with the column id and exact type', () => {
    const schema = toArrowSchema(columns);
    expect(schema.fields.map((f) => [f.name, f.nullable])).toEqual([
      ['id', false],
      ['at', true],
    ]);
    expect(Object.fromEntries(schema.fields[1]!.metadata)).toEqual({
      'fluss.column_id': '17',
      'PARQUET:field_id': '17',
      'fluss.data_type': 'TIMESTAMP(0)',
    });
  });

  it('reads the Fluss type back from a field: the annotation when consistent, else the Arrow type', () => {
    const [id, at] = toArrowSchema(columns).fields;
    expect(fieldDataType(id!)).toEqual({ kind: 'bigint' });
    expect(fieldDataType(at!)).toEqual({ kind: 'timestamp', precision: 0 });
    const plain = new Field('at', new TimestampMillisecond(), true);
    expect(fieldDataType(plain)).toEqual({ kind: 'timestamp', precision: 3 });
    const lying = new Field('n', new Int32(), true, new Map([[DATA_TYPE_KEY, 'STRING']]));
    expect(fieldDataType(lying)).toEqual({ kind: 'int' });
  });
});
