// The operator scales and rolls a FlussCluster whose servers are real: a real kube-apiserver,
// controller-manager and scheduler, kwok as the kubelet, the operator as its own process with the
// chart's RBAC, and a real coordinator plus one real `fluss tablet-server` process per tablet-server
// Pod ordinal. kwok runs no containers, so the test runs the servers: PodProcessBridge starts a
// process for every Pod, stops it (SIGTERM) when the Pod is deleted and starts a new one, with an
// empty data dir (the Pods have an emptyDir), when the StatefulSet creates the Pod again. The
// coordinator runs outside the Pods (the operator reaches it with --coordinator-address); its
// Pod's restart at the end of a roll restarts no process.
//
// Under a writer (acks=all) and a reader, on a table of RF 3 and min ISR 2, the operator scales
// 3 -> 5 (rebalance onto the new servers), refuses 5 -> 3 while a table of RF 4 exists, drains
// and removes servers 3 and 4 once it is gone, and rolls a config change through the three
// servers left, one at a time, each after the one before has caught up. No acknowledged row is
// lost and no write fails beyond its retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlussConnection, type Admin, type Table } from '../../server/src/client/index.ts';
import { exactlyOnceProblems, readWholeLog, startContinuousWriter, type ContinuousWriter } from '../support/continuous-writer.ts';
import { freePort } from '../support/ports.ts';
import { coordinatorArgs, FAST_REBALANCE_CONFIG, FlussProcessGroup } from '../support/processes.ts';
import { tempDir } from '../support/temp-dir.ts';
import type { ControlPlane } from './controlplane/controlplane.ts';
import { condition, getJson, startControlPlaneWithCrds, waitClusterCondition, warningEvents, type KubeJson } from './cluster-fixture.ts';
import { OperatorProcess } from './operator-process.ts';
import { PodProcessBridge } from './pod-process-bridge.ts';
import { eventually } from './wait.ts';

const ns = 'data';
const CONFIG = FAST_REBALANCE_CONFIG;
const SCHEMA = {
  columns: [
    { name: 'id', type: 'BIGINT', nullable: false },
    { name: 'payload', type: 'STRING' },
  ],
};

let controlPlane: ControlPlane;
let operator: OperatorProcess;
let bridge: PodProcessBridge;
let connection: FlussConnection;
let admin: Admin;
let table: Table;
let writer: ContinuousWriter;
let read = 0;
let readerError: unknown;
let reading: Promise<void> | undefined;
let stopReading = false;
const dir = tempDir('e2e-scaling');
const processes = new FlussProcessGroup();

const cluster = (): Promise<KubeJson> => getJson(controlPlane, ['-n', ns, 'get', 'flusscluster', 'demo']);
const tabletReplicas = async (): Promise<unknown> => (await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', 'demo-tablet'])).spec?.['replicas'];
const autoRebalance = async () => ((await cluster()).status?.['autoRebalance'] ?? {}) as { state?: string; step?: string; rebalanceId?: string };
const replicasPerServer = async () => new Map((await admin.listServers()).map((server) => [server.node?.id, server.replicas]));

async function waitIdleAndReady(what: string, timeoutMs = 180_000): Promise<KubeJson> {
  return eventually(
    what,
    async () => {
      if (bridge.error) throw bridge.error;
      const current = await cluster();
      const idle = (current.status?.['autoRebalance'] as { state?: string } | undefined)?.state === 'Idle';
      const rolled = (current.status?.['rollingRestart'] as { state?: string } | undefined)?.state === 'Idle';
      return idle && rolled && condition(current, 'Ready')?.status === 'True' && condition(current, 'Progressing')?.status === 'False' && current;
    },
    timeoutMs,
    500,
  );
}

beforeAll(async () => {
  const coordinatorPort = await freePort();
  const bootstrap = `127.0.0.1:${coordinatorPort}`;
  await processes.start(coordinatorArgs({ port: coordinatorPort, dataDir: `${dir.path}/coordinator`, extra: CONFIG }), /coordinator ready at/);
  controlPlane = await startControlPlaneWithCrds();
  await controlPlane.kubectl(['create', 'namespace', ns]);
  connection = await FlussConnection.connect({ bootstrap });
  admin = connection.admin();
  bridge = new PodProcessBridge({
    controlPlane,
    namespace: ns,
    cluster: 'demo',
    coordinator: bootstrap,
    dataRoot: dir.path,
    config: CONFIG,
    // How many replicas were out of their bucket's ISR when the operator let a server go.
    beforeStop: async () => (await admin.listServers()).reduce((sum, server) => sum + server.underReplicated, 0),
  });
  bridge.start();
  operator = new OperatorProcess({
    identity: 'operator-scaling',
    kubeconfig: controlPlane.operatorKubeconfig,
    logDir: controlPlane.dir,
    extraArgs: [`--coordinator-address=${bootstrap}`],
  });
  await operator.start();
});

afterAll(async () => {
  stopReading = true;
  await reading;
  connection?.close();
  await operator?.stop();
  await bridge?.stop();
  await processes.stopAll();
  await controlPlane?.stop();
  dir.remove();
});

describe('scaling and rolling a FlussCluster of real servers', () => {
  it('starts three servers and a writer and a reader on a table of RF 3, min ISR 2', async () => {
    await controlPlane.kubectl(
      ['apply', '-f', '-'],
      `apiVersion: fluss.dev/v1alpha1
kind: FlussCluster
metadata: {name: demo, namespace: ${ns}}
spec:
  image: fluss-ts:e2e
  tabletServers: {replicas: 3}
  autoRebalance: {maxConcurrentMoves: 2}
`,
    );
    await eventually('three live servers', async () => (await admin.listServers()).filter((server) => server.live).length === 3, 120_000, 500);
    await waitIdleAndReady('the cluster Ready');
    await admin.createTable(
      { database: 'e2e', name: 'events', schema: SCHEMA, buckets: 6, properties: { 'table.replication.factor': '3', 'table.min-insync-replicas': '2' } },
      { createDatabase: true },
    );
    table = await connection.getTable('e2e.events');
    writer = startContinuousWriter(table);
    const scanner = table.newLogScanner();
    reading = (async () => {
      await scanner.subscribeAll('earliest');
      while (!stopReading) read += (await scanner.poll(200)).length;
      await scanner.close();
    })().catch((error: unknown) => {
      readerError = error;
    });
    await writer.ackedPast(200, 'first writes');
  });

  it('scale-up 3 -> 5: the operator rebalances onto the new servers once they registered', async () => {
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=5']);
    const started = await eventually(
      'the scale-up rebalance',
      async () => (await autoRebalance()).step === 'Rebalancing' && (await autoRebalance()),
      120_000,
      300,
    );
    expect(started.rebalanceId).toBeTruthy();
    await waitIdleAndReady('the scale-up to finish');
    const spread = await replicasPerServer();
    expect(spread.get(3)).toBeGreaterThan(0);
    expect(spread.get(4)).toBeGreaterThan(0);
    expect((await admin.rebalanceProgress())?.state).toBe('COMPLETED');
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the scale-up');
  });

  it('refuses 5 -> 3 while a table needs four servers; drains 3 and 4 and removes them once it is gone', async () => {
    await admin.createTable({ database: 'e2e', name: 'wide', schema: SCHEMA, buckets: 2, properties: { 'table.replication.factor': '4' } });
    await controlPlane.kubectl(['-n', ns, 'scale', 'flusscluster/demo', '--replicas=3']);
    const blocked = await waitClusterCondition(controlPlane, ns, 'demo', 'ScaleDownBlocked');
    expect(condition(blocked, 'ScaleDownBlocked')).toMatchObject({
      reason: 'ReplicationFactor',
      message: 'Keeping 5 tablet servers: table e2e.wide has replication factor 4; 3 tablet servers cannot hold it',
    });
    expect(await tabletReplicas()).toBe(5);
    expect(bridge.running).toEqual([0, 1, 2, 3, 4]);
    expect((await admin.listServers()).every((server) => server.tags.length === 0)).toBe(true);
    expect(await warningEvents(controlPlane, ns, 'demo', 'ScaleDownBlocked')).toHaveLength(1);

    await admin.dropTable('e2e.wide');
    // The refusal is looked at again every 30 s; an annotation makes the operator look now.
    await controlPlane.kubectl(['-n', ns, 'annotate', '--overwrite', 'flusscluster', 'demo', `e2e/poke=${Date.now()}`]);
    await eventually('the drain', async () => (await autoRebalance()).step === 'Draining', 60_000, 300);
    // While it drains the servers keep their pods and processes.
    expect(await tabletReplicas()).toBe(5);
    await eventually('the StatefulSet shrunk', async () => (await tabletReplicas()) === 3, 180_000, 300);
    // Only shrunk once the departing servers held nothing.
    const drained = await replicasPerServer();
    expect(drained.get(3)).toBe(0);
    expect(drained.get(4)).toBe(0);
    await waitIdleAndReady('the scale-down to finish');
    await eventually('the bridge stopped servers 3 and 4', async () => bridge.running.join() === '0,1,2', 30_000, 200);
    expect((await admin.listServers()).every((server) => server.tags.length === 0)).toBe(true);
    expect(condition(await cluster(), 'ScaleDownBlocked')).toBeUndefined();
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the scale-down');
  });

  it('rolls a config change one server at a time, each after the one before caught up, the coordinator last', async () => {
    const since = Date.now();
    const hashOf = async (name: string) =>
      ((await getJson(controlPlane, ['-n', ns, 'get', 'statefulset', name])).spec as { template: { metadata: { annotations: Record<string, string> } } })
        .template.metadata.annotations['fluss.dev/config-hash'];
    const oldHash = await hashOf('demo-coordinator');
    let coordinatorBeforeTablets = false;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // The coordinator first: once it has the new template, all three servers must have restarted.
        const coordinatorHash = await hashOf('demo-coordinator');
        if (coordinatorHash !== oldHash && bridge.restartsSince(since).length < 3) coordinatorBeforeTablets = true;
      }
    })();
    await controlPlane.kubectl(['-n', ns, 'patch', 'flusscluster', 'demo', '--type=merge', '-p', '{"spec":{"config":{"log.segment.file-size":"1mb"}}}']);
    await eventually('a restart under way', async () => bridge.restartsSince(since).length > 0, 120_000, 300);
    await eventually('the coordinator on the new template', async () => (await hashOf('demo-coordinator')) !== oldHash, 300_000, 500);
    await waitIdleAndReady('the roll to finish');
    sampling = false;
    await sampler;
    expect(bridge.restartsSince(since)).toEqual([2, 1, 0]);
    expect(bridge.maxDownSince(since)).toBe(1);
    // Each server went only once every bucket's ISR was full again (the one before had caught up).
    const stops = bridge.events.filter((event) => event.atMs >= since && event.kind === 'stop');
    expect(stops.map((event) => [event.ordinal, event.observed])).toEqual([
      [2, 0],
      [1, 0],
      [0, 0],
    ]);
    expect(coordinatorBeforeTablets).toBe(false);
    await writer.ackedPast(writer.acknowledged + 200, 'writes after the roll');
  }, 400_000);

  it('lost no acknowledged row, and no write failed beyond its retries', async () => {
    const total = await writer.stop();
    expect(writer.error).toBeUndefined();
    expect(writer.writer.counters.batchesFailed).toBe(0);
    await eventually('the reader to catch up', async () => read >= total, 60_000, 200);
    stopReading = true;
    await reading;
    expect(readerError).toBeUndefined();
    console.log(`scaling e2e: ${total} rows acknowledged, ${writer.writer.counters.retries} writer retries, ${read} rows read while scaling and rolling`);
    expect(exactlyOnceProblems(await readWholeLog(table, total), total)).toEqual([]);
  });
});
