import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { LogError } from '../log/index.ts';
import { FlussError } from '../rpc/errors.ts';
import { toFlussError } from './errors.ts';

/** The gRPC status a storage failure reaches a client as. */
function statusOf(error: LogError): number {
  const mapped = toFlussError(error, 'table t bucket 0');
  if (!(mapped instanceof FlussError)) throw new Error(`not mapped: ${String(mapped)}`);
  return mapped.grpcCode;
}

describe('toFlussError', () => {
  it('reports a full disk as RESOURCE_EXHAUSTED, keeping the path and cause in the message', () => {
    const error = new LogError('NO_SPACE', 'Cannot write /data/b0/0.log: no space left on device');
    expect(statusOf(error)).toBe(status.RESOURCE_EXHAUSTED);
    expect(toFlussError(error, 'table t bucket 0')).toMatchObject({ message: 'table t bucket 0: Cannot write /data/b0/0.log: no space left on device' });
  });

  it('reports damaged acknowledged data as DATA_LOSS', () => {
    expect(statusOf(new LogError('CORRUPT_RECORD', 'bad batch'))).toBe(status.DATA_LOSS);
  });
});
