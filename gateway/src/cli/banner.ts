import path from 'node:path';

export interface BannerInput {
  url: string;
  apiKey: string;
  adminToken: string;
  configPath: string;
  dataDir: string;
  secretsBackend: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal someone is looking at. */
  interactive: boolean;
}

/**
 * What `switchboard serve` prints on start. The gateway key and the admin token are printed
 * whole only to a terminal: under systemd, Docker or CI, stdout lands in logs more people read
 * than the 0600 files the values live in, so there they are masked and the file is named. A
 * value set through the environment is never printed: whoever set it knows it.
 */
export function startupBanner(input: BannerInput): string {
  const secret = (value: string, variable: string, file: string): string => {
    if (input.env[variable]?.trim()) return `(from ${variable})`;
    if (input.interactive) return value;
    // The generated values' prefixes (sk-sb-, sbadm-) are six characters.
    return `${value.slice(0, 6)}…${value.slice(-4)} (whole value in ${path.join(input.dataDir, file)})`;
  };
  return [
    `Switchboard gateway listening on ${input.url}`,
    `  OpenAI base URL:    ${input.url}/v1`,
    `  Anthropic base URL: ${input.url}`,
    `  Gateway key:        ${secret(input.apiKey, 'SWITCHBOARD_API_KEY', 'gateway-key')}`,
    `  Admin token:        ${secret(input.adminToken, 'SWITCHBOARD_ADMIN_TOKEN', 'admin-token')}`,
    `  Config:             ${input.configPath}`,
    `  Data dir:           ${input.dataDir}`,
    `  Secrets:            ${input.secretsBackend}`,
    '',
  ].join('\n');
}
