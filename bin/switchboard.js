#!/usr/bin/env node
// The package bin: runs the bundled CLI (build it with `npm run build:gateway`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/gateway/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('switchboard: the gateway is not built yet; run `npm run build:gateway` first\n');
  process.exit(1);
}
await import(cli);
