import { existsSync } from 'node:fs';
import { constants, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json';
import { startGateway } from '../gateway';
import { startupBanner } from './banner';
import { openSecretStore } from './secret-backend';
import type { SecretBackendChoice } from './secret-backend';

export interface ServeSettings {
  configPath: string;
  dataDir: string;
  /** Undefined: the config file's `server.port` decides. */
  port: number | undefined;
  host: string | undefined;
  secrets: SecretBackendChoice;
}

/** Flags win over their environment twins, which win over defaults. */
export function resolveServeSettings(argv: string[], env: NodeJS.ProcessEnv): ServeSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      secrets: { type: 'string' },
    },
    strict: true,
  });
  const dataDir = path.resolve(values['data-dir'] ?? env.SWITCHBOARD_DATA_DIR ?? path.join(homedir(), '.switchboard'));
  const configPath = path.resolve(values.config ?? env.SWITCHBOARD_CONFIG ?? path.join(dataDir, 'config.yaml'));
  const portText = values.port ?? env.SWITCHBOARD_PORT;
  // Decimal digits only: Number('') and Number(' ') are 0 (any free port), and '0x10' is 16.
  const port = portText === undefined ? undefined : /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`invalid port "${portText}"`);
  const host = values.host ?? env.SWITCHBOARD_HOST;
  // An empty host would make listen() take every interface, while the banner says 127.0.0.1.
  if (host !== undefined && host.trim() === '') throw new Error('invalid host "": leave SWITCHBOARD_HOST unset for the config\'s server.host (default 127.0.0.1)');
  const secrets = values.secrets ?? env.SWITCHBOARD_SECRETS ?? 'keychain';
  if (secrets !== 'keychain' && secrets !== 'env' && secrets !== 'memory') throw new Error(`--secrets must be keychain, env or memory (got "${secrets}")`);
  return { configPath, dataDir, port, host, secrets };
}

/** The built UI next to this bundle (out/gateway/cli.js → out/renderer). */
function uiDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, '../renderer');
  return existsSync(dir) ? dir : undefined;
}

export async function runServe(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const settings = resolveServeSettings(argv, env);
  const secrets = await openSecretStore(settings.secrets, env, (line) => process.stderr.write(`${line}\n`));
  const gateway = await startGateway({
    configPath: settings.configPath,
    dataDir: settings.dataDir,
    port: settings.port,
    host: settings.host,
    secrets,
    env,
    uiDir: uiDir(),
    version: packageJson.version,
  });
  process.stdout.write(
    startupBanner({
      url: gateway.url,
      apiKey: gateway.apiKey,
      adminToken: gateway.adminToken,
      configPath: settings.configPath,
      dataDir: settings.dataDir,
      secretsBackend: secrets.backend,
      env,
      interactive: process.stdout.isTTY === true,
    }),
  );
  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    let forced: NodeJS.Signals | undefined;
    // Once closed (or cut short), a further signal is Node's default: an immediate exit.
    const release = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    };
    function stop(signal: NodeJS.Signals): void {
      if (stopping) {
        // The second signal: cut the calls still running (they are logged), flush, close, exit.
        forced = signal;
        release();
        process.stderr.write(`[switchboard] ${signal} again: cutting in-flight requests\n`);
        void gateway.close({ graceMs: 0 });
        return;
      }
      stopping = true;
      process.stderr.write(`[switchboard] ${signal}: finishing in-flight requests (send it again to cut them)…\n`);
      gateway.close().finally(release).then(
        // 128 + the signal's number, as a shell reports a process the signal ended.
        () => resolve(forced === undefined ? 0 : 128 + constants.signals[forced]),
        (error: unknown) => {
          process.stderr.write(`[switchboard] the gateway did not close cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('[switchboard] stopped\n');
  return code;
}
