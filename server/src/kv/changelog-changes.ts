import { decodeRows } from '../arrow/index.ts';
import type { StoredBatch } from '../log/index.ts';
import { takeChangeType } from '../table/change-type.ts';
import { KvError } from './errors.ts';
import type { KeyCodec } from './key-codec.ts';
import { keyId, type BufferedBatch, type KeyChange } from './pre-write-buffer.ts';
import type { ValueCodec } from './value-codec.ts';

/**
 * What a changelog batch does to the KV state, from its records at `fromOffset` on: the
 * after-image of +I and +U is the key's row, -D deletes it, -U is passed over (its +U follows);
 * a key's later record in the batch wins. The same whether the batch was written here (recovery)
 * or copied from the leader (a follower).
 */
export function changelogChanges(
  batch: Pick<StoredBatch, 'baseOffset' | 'recordCount' | 'payload'>,
  fromOffset: number,
  keys: KeyCodec,
  values: ValueCodec,
): BufferedBatch {
  const changes = new Map<string, KeyChange>();
  const rows = batch.recordCount === 0 ? [] : decodeRows(batch.payload);
  for (let i = Math.max(0, fromOffset - batch.baseOffset); i < rows.length; i++) {
    const row = rows[i]!;
    const type = takeChangeType(row);
    if (type === undefined) throw new KvError('STORAGE_ERROR', `Changelog batch at offset ${batch.baseOffset} has no change type column`);
    if (type === '-U') continue;
    const key = keys.encodeKey(row);
    changes.set(keyId(key), { key, value: type === '-D' ? undefined : values.encode(row) });
  }
  return { baseOffset: Math.max(batch.baseOffset, fromOffset), endOffset: batch.baseOffset + batch.recordCount, changes };
}
