// The coordinator's admin API as the operator uses it: the project's own client (Admin over a
// FlussConnection), so the operator, the CLI and programs share one wire contract and one set of
// admin calls. Failures are FlussErrors with the coordinator's codes (server/src/rpc/errors.ts).
import type { Admin, TableInfo } from '../../../server/src/client/admin.ts';
import { FlussConnection } from '../../../server/src/client/connection.ts';
import type { TablePath } from '../../../server/src/client/table-path.ts';
import { call } from '../../../server/src/rpc/client.ts';
import { isFlussError } from '../../../server/src/rpc/errors.ts';

/**
 * The Admin calls the reconcilers make; FakeCoordinatorAdmin implements the same. A new admin call
 * is written once in Admin and named here.
 */
export type CoordinatorAdmin = Pick<
  Admin,
  | 'getTable'
  | 'createTable'
  | 'alterTable'
  | 'dropTable'
  | 'remoteLogs'
  | 'listDatabases'
  | 'listTables'
  | 'clusterMetadata'
  | 'listServers'
  | 'addServerTag'
  | 'removeServerTag'
  | 'rebalance'
  | 'rebalanceProgress'
  | 'cancelRebalance'
>;

/**
 * An admin that connects on its first call, so a reconcile that needs nothing from the
 * coordinator makes no call (and a coordinator that is down fails only the calls made).
 */
export function lazyAdmin(connect: () => Promise<CoordinatorAdmin>): CoordinatorAdmin {
  return new Proxy({} as CoordinatorAdmin, {
    get(_target, method) {
      // Not a thenable: `await` or an async return must see a plain object.
      if (method === 'then') return undefined;
      return async (...args: unknown[]) => {
        const admin = await connect();
        return (admin[method as keyof CoordinatorAdmin] as (...callArgs: unknown[]) => unknown).apply(admin, args);
      };
    },
  });
}

/** The live table, or undefined when the coordinator has none. */
export async function findTable(admin: CoordinatorAdmin, path: TablePath): Promise<TableInfo | undefined> {
  try {
    return await admin.getTable(path);
  } catch (error) {
    if (isFlussError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

/** false when the table was already gone. */
export async function dropTableIfExists(admin: CoordinatorAdmin, path: TablePath): Promise<boolean> {
  try {
    await admin.dropTable(path);
    return true;
  } catch (error) {
    if (isFlussError(error, 'NOT_FOUND')) return false;
    throw error;
  }
}

const requestTimeoutMs = 10_000;
/** Short: a probe runs inside every cluster reconcile. */
const probeTimeoutMs = 3_000;

const connectTo = (address: string): Promise<FlussConnection> =>
  FlussConnection.connect({ bootstrap: address, requestTimeoutMs, connectTimeoutMs: probeTimeoutMs });

/** One connection per coordinator address, reused across reconciles (a gRPC channel reconnects by itself). */
export class AdminClients {
  readonly #connections = new Map<string, Promise<FlussConnection>>();
  readonly #connect: (address: string) => Promise<FlussConnection>;

  constructor(connect: (address: string) => Promise<FlussConnection> = connectTo) {
    this.#connect = connect;
  }

  async forAddress(address: string): Promise<CoordinatorAdmin> {
    return (await this.#connection(address)).admin();
  }

  /** Any cheap call that proves the coordinator answers. */
  async ping(address: string): Promise<void> {
    const coordinator = (await this.#connection(address)).coordinator;
    await call(coordinator, coordinator.listDatabases, {}, { timeoutMs: probeTimeoutMs });
  }

  async closeAll(): Promise<void> {
    const connections = [...this.#connections.values()];
    this.#connections.clear();
    for (const connection of await Promise.allSettled(connections)) {
      if (connection.status === 'fulfilled') connection.value.close();
    }
  }

  #connection(address: string): Promise<FlussConnection> {
    const known = this.#connections.get(address);
    if (known) return known;
    const connecting = this.#connect(address);
    this.#connections.set(address, connecting);
    // A refused first contact is not kept: the next reconcile connects afresh.
    connecting.catch(() => {
      if (this.#connections.get(address) === connecting) this.#connections.delete(address);
    });
    return connecting;
  }
}
