import { call } from '../../rpc/client.ts';
import type { FetchRequest } from '../../rpc/generated/fluss/v1/FetchRequest.ts';
import type { FetchResponse__Output } from '../../rpc/generated/fluss/v1/FetchResponse.ts';
import type { ServerNode__Output } from '../../rpc/generated/fluss/v1/ServerNode.ts';
import { decodeBatch } from '../codec.ts';
import type { FlussConnection } from '../connection.ts';
import type { TableSnapshot } from '../metadata.ts';
import { listOffsets, type BucketOffset, type BucketRef, type OffsetQuery } from '../offsets.ts';
import type { TablePath } from '../table-path.ts';
import type { Timers } from '../timers.ts';
import type { ScannerBackend } from './log-scanner.ts';

/** The scanner's view of a live cluster, through the connection's metadata cache and clients. */
export class ClusterScannerBackend implements ScannerBackend {
  readonly path: TablePath;
  readonly timers: Timers;
  readonly #connection: FlussConnection;

  constructor(connection: FlussConnection, path: TablePath) {
    this.#connection = connection;
    this.path = path;
    this.timers = connection.timers;
  }

  metadata(refresh: boolean): Promise<TableSnapshot> {
    return refresh ? this.#connection.metadata.refresh(this.path) : this.#connection.metadata.table(this.path);
  }

  fetch(server: ServerNode__Output, request: FetchRequest, timeoutMs: number): Promise<FetchResponse__Output> {
    const client = this.#connection.tabletClient(server);
    return call(client, client.fetch, request, { timeoutMs });
  }

  listOffsets(refs: readonly BucketRef[], query: OffsetQuery): Promise<BucketOffset[]> {
    return listOffsets(this.#connection, this.path, refs, query);
  }

  decode(ipc: Uint8Array): Record<string, unknown>[] {
    return decodeBatch(ipc);
  }
}
