// What every bench script starts with: the repo's paths, the work dir, the cpu split (load on
// cpu0, the process under test alone on cpu1, when there are two) and a prefixed logger.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function benchSetup(name) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const workDir = path.join(root, 'bench/.work');
  mkdirSync(workDir, { recursive: true });
  const two = os.availableParallelism() >= 2;
  return {
    root,
    workDir,
    LOAD_CPU: two ? 0 : undefined,
    SUT_CPU: two ? 1 : undefined,
    log: (line) => process.stderr.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
  };
}
