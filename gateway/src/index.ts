/** The gateway's public surface for its hosts: the CLI and the Electron main process. */
export { startGateway } from './gateway';
export type { GatewayOptions, RunningGateway } from './gateway';
export type { SecretStore, SecretInfo, SecretBackend } from './secrets/secret-store';
export { KeychainSecretStore, probeKeychain } from './secrets/keychain-secret-store';
export { EnvSecretStore } from './secrets/env-secret-store';
export { MemorySecretStore } from './secrets/memory-secret-store';
