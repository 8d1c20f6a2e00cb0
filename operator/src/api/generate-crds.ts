// Writes the generated CRDs to crds/ and to the chart. Run from the repository root:
//   PATH=$PWD/node_modules/.bin:$PATH node operator/src/api/generate-crds.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCrdFiles } from './crds.ts';

export const crdTargetDirs = ['crds', 'charts/fluss-operator/crds'];

function writeCrds(root: string): void {
  const files = renderCrdFiles();
  for (const dir of crdTargetDirs) {
    const target = join(root, dir);
    mkdirSync(target, { recursive: true });
    // Stale files of renamed kinds would otherwise linger and still be applied.
    for (const existing of readdirSync(target)) {
      if (existing.endsWith('.yaml') && !files.has(existing)) rmSync(join(target, existing));
    }
    for (const [name, text] of files) writeFileSync(join(target, name), text);
    console.log(`wrote ${files.size} CRDs to ${dir}/`);
  }
}

if (import.meta.main) writeCrds(process.cwd());
