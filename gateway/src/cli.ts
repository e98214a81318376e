#!/usr/bin/env node
/** `switchboard <command>`: the headless entry point. */
import { runImport } from './cli/import';
import { runServe } from './cli/serve';

const USAGE = `Usage: switchboard <command> [options]

Commands:
  serve     Run the gateway (and its UI) on this machine
            --config FILE   config file      (env SWITCHBOARD_CONFIG, default <data-dir>/config.yaml)
            --data-dir DIR  data directory   (env SWITCHBOARD_DATA_DIR, default ~/.switchboard)
            --port N        port             (env SWITCHBOARD_PORT, default 4000)
            --host HOST     bind address     (env SWITCHBOARD_HOST, default 127.0.0.1)
            --secrets KIND  keychain | env | memory  (env SWITCHBOARD_SECRETS, default keychain, falling back to env)
            Also read: SWITCHBOARD_API_KEY (the gateway key), SWITCHBOARD_ADMIN_TOKEN,
            SWITCHBOARD_SECRET_<NAME> (provider keys without a keychain). See docs/config.md.
  import    Convert a LiteLLM or Portkey config: switchboard import litellm|portkey FILE
            --out FILE      write the config there instead of stdout (--force to overwrite)
            --route NAME    portkey only: the alias clients call (default: the file's name)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `switchboard serve --help` asks for the usage, not for a server.
  if ((command === 'serve' || command === 'import') && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(USAGE);
    return 0;
  }
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'import':
      return runImport(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`switchboard: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
