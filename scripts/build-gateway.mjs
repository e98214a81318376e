// Bundles the headless gateway CLI into one ESM file, out/gateway/cli.js. Native modules
// and the packages that load them stay external and are resolved from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['gateway/src/cli.ts'],
  outfile: 'out/gateway/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  legalComments: 'none',
  external: ['better-sqlite3', '@napi-rs/keyring'],
  // Bundled CommonJS dependencies (express) still call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
