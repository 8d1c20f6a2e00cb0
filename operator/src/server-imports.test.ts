// The operator shares the wire contract with the servers but none of their internals: from
// server/src it may import the client and the rpc client, errors and generated wire types, and the
// S3 object store (to check objectStorage settings exactly as the servers will use them) only.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const operatorSrc = import.meta.dirname;
const allowed = /server\/src\/(client\/|rpc\/generated\/|rpc\/errors\.ts$|rpc\/client\.ts$|remote\/s3-object-store\.ts$|remote\/object-store-error\.ts$)/;

function serverImports(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(operatorSrc, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '([^']*server\/src\/[^']*)'/g)) {
      found.push(`${relative(operatorSrc, file)}: ${specifier}`);
    }
  }
  return found;
}

describe('imports from the server', () => {
  it('are the client, the rpc client and errors, generated wire types and the S3 store only', () => {
    const imports = serverImports();
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((line) => !allowed.test(line.split(': ')[1] ?? ''))).toEqual([]);
  });
});
