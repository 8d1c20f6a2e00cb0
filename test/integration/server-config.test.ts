import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFluss } from '../support/processes.ts';
import { tempDir } from '../support/temp-dir.ts';

// A typo in a server setting must stop the server at start-up, not be ignored for the life of the
// cluster: each server command exits non-zero and names the key.

describe('server start-up with an unknown config key', () => {
  const dir = tempDir('server-config');
  afterAll(() => dir.remove());

  const commands: Record<string, string[]> = {
    coordinator: ['coordinator', '--host', '127.0.0.1', '--port', '0'],
    'tablet-server': ['tablet-server', '--id', '0', '--host', '127.0.0.1', '--port', '0', '--coordinator', '127.0.0.1:1'],
    local: ['local', '--host', '127.0.0.1', '--port', '0', '--tablet-servers', '1'],
  };

  it.each(Object.keys(commands))('fluss %s exits non-zero naming the key', async (name) => {
    const args = [...commands[name]!, '--data-dir', join(dir.path, name), '--config', 'no.such.key=1'];
    const result = await runFluss(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Unknown config key: no.such.key');
  });

  it('suggests the key a typo was meant to be', async () => {
    const result = await runFluss(['local', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir.path, 'typo'), '--config', 'log.flush.fsycn=false']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Unknown config key: log.flush.fsycn (did you mean log.flush.fsync?)');
  });
});
