import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlussProcessGroup, runFluss } from '../support/processes.ts';
import { tempDir } from '../support/temp-dir.ts';

// Real `fluss` processes on loopback: what an operator's mistakes (a second server on a data dir,
// a damaged metadata file) do to a cluster. Each case must refuse to start and change nothing.

describe('data dirs', () => {
  const dir = tempDir('data-safety');
  const processes = new FlussProcessGroup();
  afterAll(async () => {
    await processes.stopAll();
    dir.remove();
  });

  it('a second fluss local on the same data dir exits non-zero naming the dir and the holder', async () => {
    const dataDir = join(dir.path, 'locked');
    const first = await processes.start(['local', '--data-dir', dataDir, '--port', '0', '--tablet-servers', '1'], /local cluster ready at/);
    const second = await runFluss(['local', '--data-dir', dataDir, '--port', '0', '--tablet-servers', '1']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Data dir ${join(dataDir, 'coordinator')} is in use by fluss coordinator (pid ${first.child.pid}`);
    // After the holder dies (even by SIGKILL) the dir is free again.
    first.kill('SIGKILL');
    await first.exited;
    const third = await processes.start(['local', '--data-dir', dataDir, '--port', '0', '--tablet-servers', '1'], /local cluster ready at/);
    third.kill('SIGKILL');
    await third.exited;
  });

  it('a coordinator refuses to start on a damaged metadata.json, naming the file, and leaves it as it was', async () => {
    const dataDir = join(dir.path, 'damaged');
    const cluster = await processes.start(['local', '--data-dir', dataDir, '--port', '0', '--tablet-servers', '1'], /local cluster ready at/);
    const bootstrap = /ready at (\S+)/.exec(cluster.stdout())![1]!;
    expect((await runFluss(['database', 'create', 'kept', '--bootstrap', bootstrap])).code).toBe(0);
    cluster.kill('SIGKILL');
    await cluster.exited;
    const metadata = join(dataDir, 'coordinator', 'metadata.json');
    const damaged = readFileSync(metadata, 'utf8').replace('"kept"', '"kapt"');
    writeFileSync(metadata, damaged);
    const result = await runFluss(['coordinator', '--data-dir', join(dataDir, 'coordinator'), '--host', '127.0.0.1', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${metadata} is damaged (checksum mismatch`);
    expect(readFileSync(metadata, 'utf8')).toBe(damaged);
  });
});
