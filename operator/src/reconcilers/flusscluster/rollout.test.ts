import type { V1StatefulSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { coordinatorConfigHash, isRolledOut } from './rollout.ts';

function statefulSet(
  hash: string,
  status: { replicas?: number; ready?: number; updated?: number; current?: string; update?: string; observed?: number } = {},
): V1StatefulSet {
  return {
    metadata: { generation: 2 },
    spec: { replicas: 3, selector: {}, serviceName: 's', template: { metadata: { annotations: { 'fluss.dev/config-hash': hash } } } },
    status: {
      replicas: status.replicas ?? 3,
      readyReplicas: status.ready ?? 3,
      updatedReplicas: status.updated ?? 3,
      currentRevision: status.current ?? 'r2',
      updateRevision: status.update ?? 'r2',
      observedGeneration: status.observed ?? 2,
    },
  };
}

describe('isRolledOut', () => {
  it.each([
    ['every pod updated and ready', {}, true],
    ['the controller has not seen the new template yet', { observed: 1 }, false],
    ['a pod still runs the old revision', { updated: 2, current: 'r1' }, false],
    ['all updated, one not ready yet', { ready: 2 }, false],
    ['revisions not settled', { current: 'r1' }, false],
  ])('%s', (_name, status, expected) => {
    expect(isRolledOut(statefulSet('h', status))).toBe(expected);
  });
});

describe('coordinatorConfigHash', () => {
  it.each([
    ['a new cluster gets the desired hash at once', undefined, undefined, 'new'],
    ['an unchanged config keeps the hash', statefulSet('new'), statefulSet('new'), 'new'],
    ['tablet servers not yet on the new template: the coordinator waits', statefulSet('old'), statefulSet('old'), 'old'],
    ['tablet servers rolling: the coordinator waits', statefulSet('new', { updated: 1, current: 'r1' }), statefulSet('old'), 'old'],
    ['tablet servers rolled and ready: the coordinator follows', statefulSet('new'), statefulSet('old'), 'new'],
  ] as const)('%s', (_name, tablets, coordinator, expected) => {
    expect(coordinatorConfigHash('new', tablets, coordinator)).toBe(expected);
  });
});
