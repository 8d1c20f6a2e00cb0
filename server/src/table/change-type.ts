import type { ColumnDef } from '../arrow/index.ts';

/**
 * The kind of one changelog row of a primary-key table (Fluss's ChangeType): an insert, the
 * before and after images of an update, or the last image of a deleted row.
 */
export type ChangeType = '+I' | '-U' | '+U' | '-D';

/** Stored byte of each change type, as Fluss numbers them. */
const CODE_OF: Readonly<Record<ChangeType, number>> = { '+I': 0, '-U': 1, '+U': 2, '-D': 3 };
const TYPE_OF: readonly ChangeType[] = ['+I', '-U', '+U', '-D'];

export function changeTypeCode(type: ChangeType): number {
  return CODE_OF[type];
}

function changeTypeOf(code: number): ChangeType {
  const type = TYPE_OF[code];
  if (type === undefined) throw new RangeError(`Unknown change type code: ${code}`);
  return type;
}

/** The hidden column a primary-key table's changelog batches carry after the user's columns. */
export const CHANGE_TYPE_COLUMN_NAME = '_change_type';
/** Column ids count up from 0 and are never reused: the largest int32 never meets a user column. */
export const CHANGE_TYPE_COLUMN_ID = 0x7fff_ffff;

const CHANGE_TYPE_COLUMN: Readonly<ColumnDef> = Object.freeze<ColumnDef>({
  id: CHANGE_TYPE_COLUMN_ID,
  name: CHANGE_TYPE_COLUMN_NAME,
  type: { kind: 'tinyint' },
  nullable: false,
});

/** The columns of the batches stored in a primary-key table's log: the user's, then the change type. */
export function changelogColumns(columns: readonly ColumnDef[]): ColumnDef[] {
  return [...columns, CHANGE_TYPE_COLUMN];
}

/**
 * Takes the change type out of a decoded changelog row (the row keeps only user columns).
 * Undefined for rows of log tables, which have no such column.
 */
export function takeChangeType(row: Record<string, unknown>): ChangeType | undefined {
  const code = row[CHANGE_TYPE_COLUMN_NAME];
  if (code === undefined) return undefined;
  delete row[CHANGE_TYPE_COLUMN_NAME];
  return changeTypeOf(Number(code));
}
