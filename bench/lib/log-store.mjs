// The log store's own capacity, apart from HTTP: bundles the gateway's
// gateway/src/store/measure-log-throughput.ts with esbuild and runs it pinned to the SUT core.
// Under load the rows/s the gateway logs can only equal its request rate, so the issue's
// "≥ 20,000 rows/s" is judged on this figure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { wrapCommand } from './proc.mjs';

export async function measureLogStore({ root, cpu, rows }) {
  const source = path.join(root, 'gateway/src/store/measure-log-throughput.ts');
  if (!existsSync(source)) return { na: 'gateway/src/store/measure-log-throughput.ts not found' };
  // Bundled outside the tree (a generated .cjs there would be linted); NODE_PATH finds the
  // native better-sqlite3 in the project's node_modules.
  const tmp = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-log-'));
  const outfile = path.join(tmp, 'measure-log.cjs');
  try {
    const { build } = await import('esbuild');
    await build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
    const { command, args } = wrapCommand(process.execPath, [outfile, String(rows)], cpu);
    const output = execFileSync(command, args, { encoding: 'utf8', cwd: root, timeout: 120_000, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } }).trim();
    const match = /(\d+) rows in ([\d.]+) s = (\d+) rows\/s; slowest 1,000-row flush ([\d.]+) ms/.exec(output);
    if (!match) return { output };
    return { rows: Number(match[1]), seconds: Number(match[2]), rowsPerSec: Number(match[3]), slowestFlushMs: Number(match[4]), output };
  } catch (error) {
    return { error: String(error?.message ?? error) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
