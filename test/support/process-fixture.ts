import { afterAll } from 'vitest';
import type { FlussConnection } from '../../server/src/client/index.ts';
import { FlussProcessGroup } from './processes.ts';
import { tempDir } from './temp-dir.ts';

/**
 * What a real-process test suite needs, cleaned up after it: a temp dir, the fluss processes it
 * starts (SIGKILLed), and the client connections it opens (closed).
 */
export function processFixture(prefix: string): { dir: { path: string }; processes: FlussProcessGroup; track(connection: FlussConnection): FlussConnection } {
  const dir = tempDir(prefix);
  const processes = new FlussProcessGroup();
  const connections: FlussConnection[] = [];
  afterAll(async () => {
    for (const connection of connections) connection.close();
    await processes.stopAll();
    dir.remove();
  });
  return {
    dir,
    processes,
    track(connection) {
      connections.push(connection);
      return connection;
    },
  };
}
