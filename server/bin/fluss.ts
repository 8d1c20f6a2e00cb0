#!/usr/bin/env node
// The `fluss` command (docs/cli.md). Runs on Node 24 through type stripping.
import { main } from '../src/cli/main.ts';

await main();
