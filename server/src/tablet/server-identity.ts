import { listDirIfExists } from '../common/files.ts';
import { join } from 'node:path';
import { readCheckedJson, writeCheckedJson } from '../common/checked-json-file.ts';

/**
 * What a tablet server's data dir says about itself (`server.json`, written at the first successful
 * registration): the cluster it joined and its server id. A server refuses to start on the dir of
 * another server id, and the coordinator refuses it into another cluster.
 */
export interface ServerIdentity {
  clusterId: string;
  serverId: number;
}

const IDENTITY_FILE = 'server.json';

export async function readServerIdentity(dataDir: string): Promise<ServerIdentity | undefined> {
  return readCheckedJson<ServerIdentity>(join(dataDir, IDENTITY_FILE));
}

export async function writeServerIdentity(dataDir: string, identity: ServerIdentity): Promise<void> {
  await writeCheckedJson(join(dataDir, IDENTITY_FILE), identity);
}

/** The directory that holds the replicas of every table: `tables/<table-id>/[p<partition-id>-]b<bucket>[-kv]`. */
export function tablesDir(dataDir: string): string {
  return join(dataDir, 'tables');
}

/** A replica directory's name split into its ids (undefined for names that are not ours). */
export function parseBucketDirName(name: string): { partitionId: number; bucket: number; kv: boolean } | undefined {
  const match = /^(?:p(\d+)-)?b(\d+)(-kv)?$/.exec(name);
  if (!match) return undefined;
  return { partitionId: match[1] === undefined ? -1 : Number(match[1]), bucket: Number(match[2]), kv: match[3] !== undefined };
}

export interface LocalData {
  holdsData: boolean;
  maxTableId: number;
  maxPartitionId: number;
}

/** What replica data the dir holds, as reported at registration (so its ids are never reused). */
export async function scanLocalData(dataDir: string): Promise<LocalData> {
  const result: LocalData = { holdsData: false, maxTableId: 0, maxPartitionId: 0 };
  for (const tableName of await listDirIfExists(tablesDir(dataDir))) {
    if (!/^\d+$/.test(tableName)) continue;
    const buckets = await listDirIfExists(join(tablesDir(dataDir), tableName));
    if (buckets.length === 0) continue;
    result.holdsData = true;
    result.maxTableId = Math.max(result.maxTableId, Number(tableName));
    for (const name of buckets) {
      const parsed = parseBucketDirName(name);
      if (parsed) result.maxPartitionId = Math.max(result.maxPartitionId, parsed.partitionId);
    }
  }
  return result;
}

/**
 * A tablet server's side of joining the cluster: what it tells the coordinator when registering,
 * and recording the cluster id it was given. The data dir of another server id, or an answer of
 * another cluster, is refused.
 */
export class ClusterMembership {
  readonly #dataDir: string;
  readonly #serverId: number;
  #identity: ServerIdentity | undefined;

  private constructor(dataDir: string, serverId: number, identity: ServerIdentity | undefined) {
    this.#dataDir = dataDir;
    this.#serverId = serverId;
    this.#identity = identity;
  }

  static async load(dataDir: string, serverId: number): Promise<ClusterMembership> {
    const identity = await readServerIdentity(dataDir);
    if (identity !== undefined && identity.serverId !== serverId) {
      throw new ServerIdentityError(
        `Data dir ${dataDir} belongs to tablet server ${identity.serverId} of cluster ${identity.clusterId}, not to server ${serverId}`,
      );
    }
    return new ClusterMembership(dataDir, serverId, identity);
  }

  /** Undefined until the server first joins a cluster. */
  get clusterId(): string | undefined {
    return this.#identity?.clusterId;
  }

  /** The registration fields about this server's data. */
  async registration(): Promise<{ clusterId: string } & LocalData> {
    return { clusterId: this.clusterId ?? '', ...(await scanLocalData(this.#dataDir)) };
  }

  /** Records the cluster the coordinator accepted this server into (once; the same id after that). */
  async joined(clusterId: string): Promise<void> {
    if (this.#identity !== undefined) {
      if (this.#identity.clusterId !== clusterId) {
        throw new ServerIdentityError(
          `The coordinator answered for cluster ${clusterId}, but data dir ${this.#dataDir} belongs to cluster ${this.#identity.clusterId}`,
        );
      }
      return;
    }
    this.#identity = { clusterId, serverId: this.#serverId };
    await writeServerIdentity(this.#dataDir, this.#identity);
  }
}

/** A tablet server that must not start or join: its data dir belongs elsewhere. */
export class ServerIdentityError extends Error {
  override name = 'ServerIdentityError';
}
