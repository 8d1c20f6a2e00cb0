/**
 * Who may join this cluster: the decision for each tablet-server registration (pure).
 *
 * A coordinator that has never been used (no metadata, so no cluster id) makes a brand-new cluster
 * when its first server arrives with an empty data dir: a newcomer's first start needs no extra
 * step. A server that already belongs to a cluster, or holds data, shows that metadata existed:
 * meeting it, a never-used coordinator is on a wrong data dir or a lost volume, and must not start,
 * since servers would otherwise take its empty metadata as the truth. The way out on purpose is
 * `recoverClusterId` (docs/operations.md). A used coordinator accepts servers of its own cluster,
 * new servers, and servers whose data predates cluster ids only when its own metadata does too.
 */

export interface CoordinatorIdentity {
  /** Undefined while the coordinator has never been used. */
  clusterId: string | undefined;
  dataDir: string;
  /** Set when the metadata was upgraded from a version without cluster ids. */
  adoptsLegacyServers: boolean;
  /** `--recover-cluster-id`: rebuild an empty coordinator as this existing cluster. */
  recoverClusterId: string | undefined;
}

export interface JoiningServer {
  id: number;
  /** Empty when the server never joined a cluster. */
  clusterId: string;
  holdsData: boolean;
}

export type Verdict =
  | { kind: 'accept' }
  /** Accept, after giving the coordinator this cluster id. */
  | { kind: 'format'; clusterId: string | undefined }
  /** Refuse; `fatal` when the coordinator itself must not go on (it is on the wrong metadata). */
  | { kind: 'refuse'; fatal: boolean; message: string };

export function judgeRegistration(coordinator: CoordinatorIdentity, server: JoiningServer): Verdict {
  const { clusterId } = coordinator;
  if (clusterId !== undefined) {
    if (server.clusterId === clusterId) return { kind: 'accept' };
    if (server.clusterId !== '') {
      return {
        kind: 'refuse',
        fatal: false,
        message:
          `Cluster id mismatch: tablet server ${server.id} belongs to cluster ${server.clusterId}, this coordinator ` +
          `(data dir ${coordinator.dataDir}) to cluster ${clusterId}. Point the server at its own cluster's coordinator, ` +
          `or give it an empty data dir to join this one`,
      };
    }
    if (server.holdsData && !coordinator.adoptsLegacyServers) {
      return {
        kind: 'refuse',
        fatal: false,
        message:
          `Tablet server ${server.id} holds data but no cluster id, and this coordinator's cluster ${clusterId} ` +
          `was made after cluster ids existed: the data belongs to another cluster`,
      };
    }
    return { kind: 'accept' };
  }
  if (server.clusterId === '' && !server.holdsData) return { kind: 'format', clusterId: undefined };
  if (coordinator.recoverClusterId !== undefined && server.clusterId === coordinator.recoverClusterId) {
    return { kind: 'format', clusterId: coordinator.recoverClusterId };
  }
  const what = server.clusterId === '' ? 'data written before cluster ids' : `data of cluster ${server.clusterId}`;
  return {
    kind: 'refuse',
    fatal: true,
    message:
      `This coordinator has no metadata (data dir ${coordinator.dataDir}), but tablet server ${server.id} holds ${what}: ` +
      `a wrong --data-dir or a lost volume? Refusing to start, so that no server takes empty metadata as the truth. ` +
      `Start the coordinator on its own data dir; to rebuild empty metadata for the existing cluster on purpose, ` +
      (server.clusterId === ''
        ? 'see docs/operations.md'
        : `start it with --recover-cluster-id ${server.clusterId} (servers keep their data; see docs/operations.md)`),
  };
}
