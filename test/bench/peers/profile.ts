// Profiles one of our workloads of the peer benchmark, client and server:
//   PATH=$PWD/node_modules/.bin:$PATH node test/bench/peers/profile.ts pk
// (workloads: ingest, read_full, read_proj, pk = upserts + lookups). The client is profiled in-process
// (node:inspector) around the workload; the server (`fluss local`) runs with NODE_OPTIONS=--cpu-prof.
// Profiles go to .test-results/profiles/ (open them in Chrome DevTools); the self time of the top
// functions of each is printed.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { tempDir } from '../../support/temp-dir.ts';
import { Ours } from './ours.ts';
import { Results } from './results.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function summarize(file: string, top = 25): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; endTime: number };
  const self = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(server|node_modules|test)\//, '$1/')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  console.log(`\n## ${file} (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)`);
  for (const [key, hits] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}

const workload = process.argv[2] ?? 'pk';
const profileDir = resolve('.test-results/profiles');
rmSync(profileDir, { recursive: true, force: true });
mkdirSync(profileDir, { recursive: true });
const dir = tempDir('bench-profile');
const ours = new Ours(dir.path, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` });
const results = new Results();
const session = new Session();
session.connect();
try {
  await ours.start('pagecache');
  if (workload === 'ingest' || workload.startsWith('read')) await ours.ingest(results, ours.pagecache, 'wide_1', 'ingest');
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  if (workload === 'ingest') await ours.ingest(results, ours.pagecache, 'wide_2', 'ingest');
  if (workload === 'read_full') await ours.read(results, 'wide_1', false);
  if (workload === 'read_proj') await ours.read(results, 'wide_1', true);
  if (workload === 'pk') await ours.pk(results, 'wide_pk_1', 1);
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(join(profileDir, 'client.cpuprofile'), JSON.stringify(profile));
} finally {
  session.disconnect();
  await ours.stop();
  dir.remove();
}
for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) summarize(join(profileDir, file));
