import { describe, expect, it } from 'vitest';
import { derivedConfig } from '../../operator/src/specs/config.ts';
import { sampleCluster } from '../../operator/src/specs/fixtures.ts';
import { checkSettings } from '../../server/src/common/server-settings.ts';

// The operator renders one server.properties for every pod; a key the servers do not know would
// stop them at start-up. So each key the operator derives must be a registered server setting.

describe('the operator and the servers agree on config keys', () => {
  it('servers accept every key the operator derives from a FlussCluster', () => {
    const spec = sampleCluster({
      objectStorage: { endpoint: 'http://minio:9000', bucket: 'fluss', region: 'eu-1', pathStyleAccess: false },
    }).spec;
    const rendered = derivedConfig(spec);
    expect(Object.keys(rendered)).toContain('s3.region');
    expect(() => checkSettings(rendered)).not.toThrow();
  });
});
