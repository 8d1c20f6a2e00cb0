#!/usr/bin/env bash
# Regenerates the TypeScript types of the wire messages from server/proto (committed under
# server/src/rpc/generated). Relative imports get their `.ts` extension for Node's type stripping.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=server/src/rpc/generated
rm -rf "$out"
protos=$(cd server/proto && find fluss -name '*.proto' | sort)
(cd server/proto && npx proto-loader-gen-types $protos \
  --longs=Number --enums=String --defaults --oneofs --grpcLib=@grpc/grpc-js \
  --outDir="../../$out" -I .) 2>/dev/null
find "$out" -name '*.ts' -print0 | xargs -0 sed -i -E "s#from '(\.{1,2}/[^']+)'#from '\1.ts'#"
