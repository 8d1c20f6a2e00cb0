import { describe, expect, it } from 'vitest';
import { judgeRegistration, type CoordinatorIdentity } from './membership.ts';

const fresh: CoordinatorIdentity = { clusterId: undefined, dataDir: '/data/coordinator', adoptsLegacyServers: false, recoverClusterId: undefined };
const used: CoordinatorIdentity = { ...fresh, clusterId: 'cluster-a' };

describe('judgeRegistration', () => {
  it('a never-used coordinator makes a new cluster for a server with an empty data dir', () => {
    expect(judgeRegistration(fresh, { id: 0, clusterId: '', holdsData: false })).toEqual({ kind: 'format', clusterId: undefined });
  });

  it('a never-used coordinator refuses, fatally, a server of a cluster or with data, naming the way out', () => {
    const verdict = judgeRegistration(fresh, { id: 2, clusterId: 'cluster-a', holdsData: true });
    expect(verdict.kind).toBe('refuse');
    if (verdict.kind !== 'refuse') return;
    expect(verdict.fatal).toBe(true);
    expect(verdict.message).toContain('no metadata (data dir /data/coordinator)');
    expect(verdict.message).toContain('tablet server 2 holds data of cluster cluster-a');
    expect(verdict.message).toContain('--recover-cluster-id cluster-a');
    // A server that joined a cluster but holds nothing yet is just as telling.
    expect(judgeRegistration(fresh, { id: 2, clusterId: 'cluster-a', holdsData: false }).kind).toBe('refuse');
    expect(judgeRegistration(fresh, { id: 2, clusterId: '', holdsData: true })).toMatchObject({ kind: 'refuse', fatal: true });
  });

  it('--recover-cluster-id lets the servers of that cluster in, and no other', () => {
    const recovering = { ...fresh, recoverClusterId: 'cluster-a' };
    expect(judgeRegistration(recovering, { id: 0, clusterId: 'cluster-a', holdsData: true })).toEqual({ kind: 'format', clusterId: 'cluster-a' });
    expect(judgeRegistration(recovering, { id: 0, clusterId: 'cluster-b', holdsData: true })).toMatchObject({ kind: 'refuse' });
  });

  it('a used coordinator accepts its own and new servers, and refuses other clusters without stopping', () => {
    expect(judgeRegistration(used, { id: 0, clusterId: 'cluster-a', holdsData: true })).toEqual({ kind: 'accept' });
    expect(judgeRegistration(used, { id: 5, clusterId: '', holdsData: false })).toEqual({ kind: 'accept' });
    const other = judgeRegistration(used, { id: 1, clusterId: 'cluster-b', holdsData: true });
    expect(other).toMatchObject({ kind: 'refuse', fatal: false });
    expect(other.kind === 'refuse' && other.message).toContain('Cluster id mismatch: tablet server 1 belongs to cluster cluster-b');
  });

  it('data from before cluster ids joins only a coordinator whose metadata is from then too', () => {
    expect(judgeRegistration(used, { id: 0, clusterId: '', holdsData: true })).toMatchObject({ kind: 'refuse', fatal: false });
    expect(judgeRegistration({ ...used, adoptsLegacyServers: true }, { id: 0, clusterId: '', holdsData: true })).toEqual({ kind: 'accept' });
  });
});
