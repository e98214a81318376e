// The bench machine is shared, and with the kernel's autogroup scheduling, per-process nice
// values do not beat other terminal sessions' work: CPU is first split evenly between
// sessions (autogroups). Measured processes then got ~25% of "their" core. So the bench
// re-runs itself in a new session (setsid) and raises that session's autogroup priority
// (/proc/self/autogroup; negative values need root). Everything it starts inherits it.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const MARK = 'BENCH_OWN_SESSION';

/**
 * Returns the nice value in effect once this process may go on measuring, or `null` when this
 * (outer) process only waited for the re-run copy of itself and should exit with its code.
 */
export async function ownSessionPriority(nice, log) {
  if (nice === 0 || process.platform !== 'linux') return 0;
  if (process.env[MARK] === '1') {
    try {
      writeFileSync('/proc/self/autogroup', String(nice));
      return Number(/nice (-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'))?.[1] ?? 0);
    } catch (error) {
      log(`cannot raise the session priority (${error.code ?? error.message}); measuring at normal priority`);
      return 0;
    }
  }
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [MARK]: '1' },
  });
  // The copy is in its own session, so Ctrl-C no longer reaches it: pass signals on to its group.
  const forward = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  process.exitCode = code;
  return null;
}
