// FlussTable against a real control plane and a real coordinator: `fluss local` runs as a local
// process and the operator (out of cluster) reaches it through --coordinator-address.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from '../../server/src/client/admin.ts';
import { FlussConnection } from '../../server/src/client/connection.ts';
import { dropTableIfExists, findTable } from '../../operator/src/coordinator/admin-client.ts';
import type { ControlPlane } from './controlplane/controlplane.ts';
import { condition, getJson, repoRoot, startControlPlaneWithCrds, tryGetJson, type KubeJson } from './cluster-fixture.ts';
import { OperatorProcess } from './operator-process.ts';
import { eventually, sleep } from './wait.ts';

const cliPath = join(repoRoot, 'server/bin/fluss.ts');
const ns = 'data';

let controlPlane: ControlPlane;
let operator: OperatorProcess;
let fluss: ChildProcess;
let flussDataDir: string;
let connection: FlussConnection;
let admin: Admin;

/** Starts `fluss local` on a free port and resolves with the address it prints once ready. */
function startFlussLocal(dataDir: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn('node', [cliPath, 'local', '--port', '0', '--data-dir', dataDir, '--tablet-servers', '1'], {
    cwd: repoRoot,
    env: { ...process.env, PATH: `${join(repoRoot, 'node_modules/.bin')}:${process.env['PATH'] ?? ''}`, FLUSS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`fluss local not ready in 60 s: ${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, address: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`fluss local exited with ${code}: ${output}`)));
  });
}

const tableYaml = (name: string, policy: 'Delete' | 'Retain', properties = "{table.log.ttl: '3d'}") => `apiVersion: fluss.dev/v1alpha1
kind: FlussTable
metadata: {name: ${name}, namespace: ${ns}}
spec:
  clusterRef: {name: demo}
  database: shop
  name: ${name}
  schema:
    columns:
      - {name: order_id, type: BIGINT, nullable: false}
      - {name: amount, type: 'DECIMAL(10,2)'}
  primaryKey: [order_id]
  buckets: 2
  properties: ${properties}
  deletionPolicy: ${policy}
`;

const path = (table: string) => ({ database: 'shop', table });
const readTable = (name: string) => getJson(controlPlane, ['-n', ns, 'get', 'flusstable', name]);

async function waitTableReady(name: string): Promise<KubeJson> {
  return eventually(`FlussTable ${name} Ready`, async () => {
    const table = await readTable(name);
    return condition(table, 'Ready')?.status === 'True' && table;
  });
}

describe.skipIf(!existsSync(cliPath))('FlussTable reconciler with a running coordinator', () => {
  beforeAll(async () => {
    flussDataDir = mkdtempSync(join(tmpdir(), 'fluss-e2e-data-'));
    const started = await startFlussLocal(flussDataDir);
    fluss = started.child;
    connection = await FlussConnection.connect({ bootstrap: started.address });
    admin = connection.admin();
    controlPlane = await startControlPlaneWithCrds();
    await controlPlane.kubectl(['create', 'namespace', ns]);
    await controlPlane.kubectl(
      ['apply', '-f', '-'],
      `apiVersion: fluss.dev/v1alpha1
kind: FlussCluster
metadata: {name: demo, namespace: ${ns}}
spec: {image: 'fluss-ts:e2e', tabletServers: {replicas: 1}}
`,
    );
    operator = new OperatorProcess({
      identity: 'operator-tables',
      kubeconfig: controlPlane.operatorKubeconfig,
      logDir: controlPlane.dir,
      extraArgs: [`--coordinator-address=${started.address}`, '--table-poll-seconds=1'],
    });
    await operator.start();
  });

  afterAll(async () => {
    await operator?.stop();
    connection?.close();
    if (fluss && fluss.exitCode === null) {
      const exited = new Promise((resolve) => fluss.once('exit', resolve));
      fluss.kill('SIGTERM');
      await exited;
    }
    await controlPlane?.stop();
    if (flussDataDir) rmSync(flussDataDir, { recursive: true, force: true });
  });

  it('creates the table in the coordinator and reports its id', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], tableYaml('orders', 'Delete'));
    const ready = await waitTableReady('orders');
    const live = await findTable(admin, path('orders'));
    expect(live).toMatchObject({ primaryKey: ['order_id'], buckets: 2, properties: { 'table.log.ttl': '3d' } });
    expect(ready.status).toMatchObject({ phase: 'Ready', tableId: live?.tableId, buckets: 2, observedGeneration: 1 });
    expect(ready.metadata).toMatchObject({ finalizers: ['fluss.dev/table-cleanup'] });
    expect(await controlPlane.kubectl(['-n', ns, 'get', 'flusstable', 'orders'])).toMatch(/orders\s+demo\s+shop\s+orders\s+2\s+Ready/);
  });

  it('recreates the table when it is dropped out of band', async () => {
    const firstId = (await findTable(admin, path('orders')))?.tableId;
    expect(await dropTableIfExists(admin, path('orders'))).toBe(true);
    const recreated = await eventually(
      'table recreated',
      async () => {
        const table = await findTable(admin, path('orders'));
        return table && table.tableId !== firstId && table;
      },
      30_000,
    );
    await eventually('status shows the new table id', async () => (await readTable('orders')).status?.['tableId'] === recreated.tableId);
  });

  it('alters properties in place and reports an unsupported change as a condition', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], tableYaml('orders', 'Delete', "{table.log.ttl: '5d'}"));
    await eventually('property altered', async () => (await findTable(admin, path('orders')))?.properties['table.log.ttl'] === '5d');
    const id = (await findTable(admin, path('orders')))?.tableId;
    await controlPlane.kubectl([
      '-n',
      ns,
      'patch',
      'flusstable',
      'orders',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/spec/schema/columns/-","value":{"name":"note","type":"STRING"}}]',
    ]);
    const table = await eventually('SpecApplied False', async () => {
      const current = await readTable('orders');
      return condition(current, 'SpecApplied')?.status === 'False' && current;
    });
    expect(condition(table, 'SpecApplied')).toMatchObject({
      reason: 'UnsupportedChange',
      message: 'These changes cannot be applied to an existing table: column note would be added',
    });
    expect(condition(table, 'Ready')?.status).toBe('True');
    const events = await getJson<{ items: Array<{ type: string; message: string; involvedObject: { name: string } }> }>(controlPlane, [
      '-n',
      ns,
      'get',
      'events',
      '--field-selector',
      'reason=UnsupportedChange',
    ]);
    expect(events.items).toEqual([expect.objectContaining({ type: 'Warning', involvedObject: expect.objectContaining({ name: 'orders' }) })]);
    expect((await findTable(admin, path('orders')))?.tableId).toBe(id);
  });

  it('a restarted operator leaves the table and its resource as they were', async () => {
    const before = await readTable('orders');
    const tableId = (await findTable(admin, path('orders')))?.tableId;
    expect(await operator.stop()).toBe(0);
    await operator.start();
    await eventually(
      'the restarted operator reconciled the table',
      async () => (await operator.metric('fluss_operator_reconcile_total', { controller: 'flusstable' })) >= 2,
    );
    expect((await findTable(admin, path('orders')))?.tableId).toBe(tableId);
    expect((await readTable('orders')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    // Writes about tables only: the FlussCluster of this namespace has no pods here (no kubelet
    // stand-in in this suite), and its status may legitimately move after a restart; the
    // FlussCluster suite checks that a restart writes nothing for a cluster whose pods run.
    expect(await operator.metric('fluss_operator_kube_writes_total', { kind: 'FlussTable' })).toBe(0);
    expect(await operator.metric('fluss_operator_kube_writes_total', { kind: 'Event' })).toBe(0);
  });

  it('drops the table when a FlussTable with deletionPolicy Delete is deleted', async () => {
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusstable', 'orders', '--wait=true', '--timeout=60s']);
    expect(await findTable(admin, path('orders'))).toBeUndefined();
  });

  it('keeps the table when a FlussTable with deletionPolicy Retain is deleted', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], tableYaml('carts', 'Retain'));
    await waitTableReady('carts');
    await controlPlane.kubectl(['-n', ns, 'delete', 'flusstable', 'carts', '--wait=true', '--timeout=60s']);
    expect(await tryGetJson(controlPlane, ['-n', ns, 'get', 'flusstable', 'carts'])).toBeUndefined();
    await sleep(2000);
    expect(await findTable(admin, path('carts'))).toBeDefined();
  });

  it('a paused FlussTable leaves the table as it is until the annotation is removed', async () => {
    await controlPlane.kubectl(['apply', '-f', '-'], tableYaml('refunds', 'Retain'));
    await waitTableReady('refunds');
    await controlPlane.kubectl(['-n', ns, 'annotate', 'flusstable', 'refunds', 'fluss.dev/pause-reconciliation=true']);
    await controlPlane.kubectl(['apply', '-f', '-'], tableYaml('refunds', 'Retain', "{table.log.ttl: '9d'}"));
    await eventually('ReconciliationPaused', async () => condition(await readTable('refunds'), 'ReconciliationPaused')?.status === 'True');
    await sleep(2000);
    expect((await findTable(admin, path('refunds')))?.properties['table.log.ttl']).toBe('3d');

    await controlPlane.kubectl(['-n', ns, 'annotate', 'flusstable', 'refunds', 'fluss.dev/pause-reconciliation-']);
    await eventually('property altered after the pause', async () => (await findTable(admin, path('refunds')))?.properties['table.log.ttl'] === '9d');
    await eventually('condition removed', async () => condition(await readTable('refunds'), 'ReconciliationPaused') === undefined);
  });
});
