import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coordinatorConfig } from '../coordinator/coordinator-config.ts';
import { tabletConfig } from '../tablet/tablet-config.ts';
import { ALL_SETTINGS, checkSettings } from './server-settings.ts';

const CONFIG_DOCS = new URL('../../../docs/configuration.md', import.meta.url);
const SECTIONS = { coordinator: '## Coordinator', 'tablet-server': '## Tablet server', reserved: '## Reserved (object storage)' };

/** The rows `| \`key\` | type | default | meaning |` of the section under `heading` in docs/configuration.md. */
function documentedRows(heading: string): string[][] {
  const text = readFileSync(CONFIG_DOCS, 'utf8');
  const section = text.slice(text.indexOf(`\n${heading}\n`) + heading.length + 2).split(/\n## /)[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, '')));
}

describe('server settings', () => {
  it('are the tables of docs/configuration.md: every key with its type, default and meaning, per role', () => {
    for (const [role, heading] of Object.entries(SECTIONS)) {
      const expected = ALL_SETTINGS.filter((entry) => entry.role === role).map(({ setting }) => [
        `\`${setting.key}\``,
        setting.type.name,
        setting.defaultText === '' ? '—' : `\`${setting.defaultText}\``,
        setting.doc,
      ]);
      expect(documentedRows(heading), heading).toEqual(expected);
    }
  });

  it('default as documented', () => {
    expect(coordinatorConfig({})).toEqual({
      defaultBuckets: 1,
      heartbeatIntervalMs: 1_000,
      sessionTimeoutMs: 10_000,
      autoPartitionCheckIntervalMs: 60_000,
      maxPartitionsPerTable: 1_000,
      maxBucketsPerTable: 10_000,
      defaultReplicationFactor: 1,
      autoLeaderRebalanceEnable: true,
      leaderImbalanceCheckIntervalMs: 300_000,
      rebalanceMaxConcurrentMoves: 4,
      rebalanceStepIntervalMs: 500,
    });
    expect(tabletConfig({})).toMatchObject({ segmentBytes: 256 * 1024 ** 2, fsync: true, retentionBytes: -1, kvSnapshotsRetained: 2 });
  });

  it('parse values by type', () => {
    const config = tabletConfig({ 'log.flush.fsync': 'FALSE', 'log.retention.bytes': '1gb', 'fetch.max-wait.cap': '250ms' });
    expect(config).toMatchObject({ fsync: false, retentionBytes: 1024 ** 3, maxFetchWaitMs: 250 });
  });

  it('accept the keys of the other role and the reserved ones: one config serves the cluster', () => {
    const shared = { 'default.bucket.number': '4', 'log.segment.file-size': '64mb', 's3.endpoint': 'http://minio:9000' };
    expect(coordinatorConfig(shared).defaultBuckets).toBe(4);
    expect(tabletConfig(shared).segmentBytes).toBe(64 * 1024 ** 2);
  });

  it('refuse an unknown key, naming it and the nearest known key', () => {
    expect(() => tabletConfig({ 'no.such.key': '1' })).toThrow(/^Unknown config key: no\.such\.key\. Known keys/);
    expect(() => coordinatorConfig({ 'log.segment.filesize': '1mb' })).toThrow(
      'Unknown config key: log.segment.filesize (did you mean log.segment.file-size?)',
    );
  });

  it('refuse a bad value in every role, naming the key', () => {
    expect(() => coordinatorConfig({ 'kv.snapshot.num-retained': '0' })).toThrow('Invalid config kv.snapshot.num-retained="0": expected a positive integer');
    expect(() => tabletConfig({ 'default.bucket.number': 'four' })).toThrow(/default\.bucket\.number/);
    expect(() => checkSettings({ 'log.flush.fsync': 'yes' })).toThrow('Invalid config log.flush.fsync="yes": expected true or false');
    expect(() => checkSettings({ 'log.segment.roll-interval': 'soon' })).toThrow(/log\.segment\.roll-interval="soon": Invalid duration/);
  });
});
