// `npm test`: typecheck, lint, then every vitest suite. The keychain contract suite needs a
// Secret Service, so when none is running and gnome-keyring is installed, the suites run
// inside a private D-Bus session with a freshly unlocked keyring and a throwaway HOME.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = (name) => path.resolve('node_modules/.bin', name);
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
};
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const steps = [
  ['typecheck', () => run('npm', ['run', '--silent', 'typecheck'])],
  ['lint', () => run('npm', ['run', '--silent', 'lint'])],
  ['tests', runVitest],
];
for (const [name, step] of steps) {
  console.log(`\n▶ ${name}`);
  const status = step();
  if (status !== 0) {
    console.error(`\n✖ ${name} failed`);
    process.exit(status);
  }
}

function runVitest() {
  const vitest = [bin('vitest'), 'run', ...process.argv.slice(2)];
  if (process.env.DBUS_SESSION_BUS_ADDRESS || !has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    return run(vitest[0], vitest.slice(1));
  }
  const home = mkdtempSync(path.join(tmpdir(), 'switchboard-keyring-'));
  try {
    const quoted = vitest.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const script = `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec ${quoted}`;
    return run('dbus-run-session', ['--', 'sh', '-c', script], { env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, '.local/share') } });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
