// Table columns → Arrow schema. Every field carries its stable column id (Fluss's own key and
// the Parquet/Iceberg field id used when tiering) and its exact Fluss type, because Arrow alone
// cannot tell TIMESTAMP(0) from TIMESTAMP(3) (both are stored in milliseconds).
import { Field, Schema } from 'apache-arrow';
import { describeArrowType, fromArrowType, toArrowType } from './arrow-types.ts';
import { formatDataType, parseDataType, type DataType } from './data-types.ts';

export interface ColumnDef {
  id: number;
  name: string;
  type: DataType;
  nullable: boolean;
}

export const COLUMN_ID_KEY = 'fluss.column_id';
const PARQUET_FIELD_ID_KEY = 'PARQUET:field_id';
export const DATA_TYPE_KEY = 'fluss.data_type';

export function toArrowField(column: ColumnDef): Field {
  const metadata = new Map([
    [COLUMN_ID_KEY, String(column.id)],
    [PARQUET_FIELD_ID_KEY, String(column.id)],
    [DATA_TYPE_KEY, formatDataType(column.type)],
  ]);
  return new Field(column.name, toArrowType(column.type), column.nullable, metadata);
}

export function toArrowSchema(columns: readonly ColumnDef[]): Schema {
  return new Schema(columns.map(toArrowField));
}

/**
 * The Fluss type of an Arrow field: its `fluss.data_type` annotation when that agrees with the
 * Arrow type (it only adds what Arrow cannot say, like TIMESTAMP(0) vs TIMESTAMP(3)), otherwise
 * the type derived from Arrow alone. Throws TypeError for Arrow types Fluss does not have.
 */
export function fieldDataType(field: Field): DataType {
  const derived = fromArrowType(field.type);
  if (derived === undefined) {
    throw new TypeError(`column ${JSON.stringify(field.name)} has an Arrow type Fluss does not support: ${describeArrowType(field.type)}`);
  }
  const annotation = field.metadata.get(DATA_TYPE_KEY);
  if (annotation === undefined) return derived;
  let annotated: DataType;
  try {
    annotated = parseDataType(annotation);
  } catch {
    return derived;
  }
  return describeArrowType(toArrowType(annotated)) === describeArrowType(field.type) ? annotated : derived;
}
