// A real Kubernetes control plane on 127.0.0.1 for the operator e2e tests: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (which plays the kubelet: pods on a fake node
// become Running and Ready). Binaries come from build.sh's cache; PKI is made with openssl.
import { execFile as execFileCallback, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);

export const kubernetesVersion = '1.37.2';
export const cacheBinDir = join(process.env['FLUSS_CACHE_DIR'] ?? join(homedir(), '.cache/fluss-ts'), `k8s-${kubernetesVersion}`, 'bin');
const stagesDir = join(import.meta.dirname, 'stages');
const buildScript = join(import.meta.dirname, 'build.sh');

/** Tokens of the static token file. The operator's user name matches its chart ServiceAccount, so the chart's RBAC applies to it. */
export const tokens = {
  admin: 'e2e-admin-token',
  controllerManager: 'e2e-controller-manager-token',
  scheduler: 'e2e-scheduler-token',
  operator: 'e2e-operator-token',
} as const;
export const operatorServiceAccount = { namespace: 'fluss-system', name: 'fluss-operator' };

export function binary(name: string): string {
  return join(cacheBinDir, name);
}

const allBinaries = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'kubectl', 'helm'];

/** Runs build.sh when a needed binary is missing (minutes cold, < 1 s warm). */
export async function ensureBinaries(names: readonly string[] = allBinaries): Promise<void> {
  if (names.every((name) => existsSync(binary(name)))) return;
  await execFile('bash', [buildScript], { maxBuffer: 64 * 1024 * 1024 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await execFile('openssl', args, { cwd: dir });
}

async function makePki(dir: string): Promise<void> {
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=fluss-e2e-ca']);
  await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver']);
  writeFileSync(
    join(dir, 'san.ext'),
    'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n',
  );
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'apiserver.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'apiserver.crt',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  ]);
  await openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  const operatorUser = `system:serviceaccount:${operatorServiceAccount.namespace}:${operatorServiceAccount.name}`;
  writeFileSync(
    join(dir, 'tokens.csv'),
    [
      `${tokens.admin},admin,uid-admin,"system:masters"`,
      `${tokens.controllerManager},system:kube-controller-manager,uid-kcm`,
      `${tokens.scheduler},system:kube-scheduler,uid-scheduler`,
      `${tokens.operator},${operatorUser},uid-operator,"system:serviceaccounts,system:serviceaccounts:${operatorServiceAccount.namespace}"`,
      '',
    ].join('\n'),
  );
}

export function kubeconfigText(server: string, caFile: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: ${server}
    certificate-authority: ${caFile}
users:
- name: e2e
  user:
    token: ${token}
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e}
current-context: e2e
`;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

function httpsOk(url: string, ca: string | undefined, token?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(
      url,
      { rejectUnauthorized: false, ...(token && { headers: { Authorization: `Bearer ${token}` } }), ...(ca && { ca }) },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https') ? https : http).get(url, { rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}

export class ControlPlane {
  readonly dir: string;
  readonly #processes: Array<{ name: string; child: ChildProcess }> = [];
  apiserverUrl = '';
  adminKubeconfig = '';
  operatorKubeconfig = '';

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'fluss-e2e-'));
  }

  #start(name: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
    const logFile = openSync(join(this.dir, `${name}.log`), 'a');
    const child = spawn(binary(name), args, { cwd: this.dir, stdio: ['ignore', logFile, logFile], env: { ...process.env, ...env } });
    this.#processes.push({ name, child });
    return child;
  }

  async start(): Promise<void> {
    await ensureBinaries();
    const dir = this.dir;
    await makePki(dir);
    const [etcdClient, etcdPeer, apiserverPort, kcmPort, schedulerPort, kwokPort] = await Promise.all(Array.from({ length: 6 }, freePort));
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    this.#start('etcd', [
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync=true',
    ]);
    await waitFor('etcd', () => httpOk(`${etcdUrl}/health`), 30_000);

    this.apiserverUrl = `https://127.0.0.1:${apiserverPort}`;
    this.#start('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      `--secure-port=${apiserverPort}`,
      `--tls-cert-file=${join(dir, 'apiserver.crt')}`,
      `--tls-private-key-file=${join(dir, 'apiserver.key')}`,
      `--client-ca-file=${join(dir, 'ca.crt')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-cluster-ip-range=10.0.0.0/24',
      `--service-account-issuer=${this.apiserverUrl}`,
      `--service-account-key-file=${join(dir, 'sa.key')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--allow-privileged=true',
    ]);
    const ca = join(dir, 'ca.crt');
    const caText = readFileSync(ca, 'utf8');
    await waitFor('kube-apiserver /readyz', () => httpsOk(`${this.apiserverUrl}/readyz`, caText, tokens.admin), 90_000);

    const writeKubeconfig = (name: string, token: string): string => {
      const path = join(dir, `${name}.kubeconfig`);
      writeFileSync(path, kubeconfigText(this.apiserverUrl, ca, token));
      return path;
    };
    this.adminKubeconfig = writeKubeconfig('admin', tokens.admin);
    this.operatorKubeconfig = writeKubeconfig('operator', tokens.operator);
    const kcmKubeconfig = writeKubeconfig('controller-manager', tokens.controllerManager);
    const schedulerKubeconfig = writeKubeconfig('scheduler', tokens.scheduler);
    const componentAuth = (kubeconfig: string) => [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      `--client-ca-file=${ca}`,
      '--authentication-skip-lookup=true',
      '--bind-address=127.0.0.1',
      '--leader-elect=false',
    ];
    this.#start('kube-controller-manager', [
      ...componentAuth(kcmKubeconfig),
      `--secure-port=${kcmPort}`,
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${join(dir, 'sa.key')}`,
      `--root-ca-file=${ca}`,
      `--cluster-signing-cert-file=${ca}`,
      `--cluster-signing-key-file=${join(dir, 'ca.key')}`,
      '--controllers=*',
    ]);
    this.#start('kube-scheduler', [...componentAuth(schedulerKubeconfig), `--secure-port=${schedulerPort}`]);
    const stages = readdirSync(stagesDir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(stagesDir, name));
    this.#start('kwok', [
      `--kubeconfig=${this.adminKubeconfig}`,
      `--config=${stages.join(',')}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--cidr=10.0.1.0/24',
      '--node-ip=10.0.1.1',
      `--server-address=127.0.0.1:${kwokPort}`,
    ]);
    await waitFor('kube-controller-manager', () => httpsOk(`https://127.0.0.1:${kcmPort}/healthz`, undefined), 60_000);
    await waitFor('kube-scheduler', () => httpsOk(`https://127.0.0.1:${schedulerPort}/healthz`, undefined), 60_000);
    await waitFor('kwok', () => httpOk(`http://127.0.0.1:${kwokPort}/healthz`), 60_000);
    await this.kubectl(['apply', '-f', '-'], fakeNodeYaml);
    await waitFor(
      'ServiceAccount default/default',
      async () => (await this.kubectl(['get', 'serviceaccount', 'default', '-n', 'default'])).includes('default'),
      60_000,
    );
  }

  /** kubectl against the control plane as admin; rejects with stderr on failure. */
  async kubectl(args: string[], stdin?: string): Promise<string> {
    return runWithInput(binary('kubectl'), ['--kubeconfig', this.adminKubeconfig, ...args], stdin);
  }

  logTail(name: string): string {
    return join(this.dir, `${name}.log`);
  }

  /** Stops the components in reverse start order; one that ignores SIGTERM for 5 s is killed. */
  async stop(): Promise<void> {
    for (const { child } of this.#processes.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!process.env['FLUSS_E2E_KEEP']) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function runWithInput(command: string, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr || stdout}`))));
    // A command that reads no input (kubectl annotate, get) may exit before we close its stdin:
    // that EPIPE is not a failure; its exit code says how it went.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(stdin ?? '');
  });
}

const fakeNodeYaml = `apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    type: kwok
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
`;
