import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig, parseConfigOption, parseConfigText } from './server-config.ts';

describe('parseConfigText', () => {
  it('reads key=value lines, skipping comments and blanks, and unescapes values', () => {
    const text = '# server.properties\n\ndefault.bucket.number = 4\n! old-style comment\nremote.data.dir=s3://b/remote\nmotd=a\\nb\nurl=http://x?a=b\n';
    expect(parseConfigText(text, 'server.properties')).toEqual({
      'default.bucket.number': '4',
      'remote.data.dir': 's3://b/remote',
      motd: 'a\nb',
      url: 'http://x?a=b',
    });
  });
  it('names the file and line of a malformed entry', () => {
    expect(() => parseConfigText('a=1\njust-a-key\n', 'conf')).toThrow('conf:2: expected key=value: "just-a-key"');
  });
});

describe('parseConfigOption', () => {
  it('splits at the first =', () => {
    expect(parseConfigOption('log.segment.file-size=64mb')).toEqual(['log.segment.file-size', '64mb']);
    expect(parseConfigOption('k=a=b')).toEqual(['k', 'a=b']);
    expect(() => parseConfigOption('=x')).toThrow(/expected key=value/);
  });
});

describe('loadServerConfig', () => {
  it('applies --config on top of the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fluss-cli-'));
    const file = join(dir, 'server.properties');
    writeFileSync(file, 'a=file\nb=file\n');
    expect(await loadServerConfig({ configFile: file, config: ['b=flag', 'c=flag'] })).toEqual({ a: 'file', b: 'flag', c: 'flag' });
    expect(await loadServerConfig({})).toEqual({});
  });
});
