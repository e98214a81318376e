/**
 * Starts a real gateway on an ephemeral loopback port in front of real fake-provider HTTP
 * servers, with a temp data dir and an in-memory secret store. Tests drive it with the
 * official SDKs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGateway } from '../../gateway/src/gateway';
import type { GatewayOptions, RunningGateway } from '../../gateway/src/gateway';
import { MemorySecretStore } from '../../gateway/src/secrets/memory-secret-store';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { SqliteLogStore } from '../../gateway/src/store/sqlite-log-store';
import { startFakeAnthropic, startFakeGemini, startFakeOpenAI } from '../fakes';
import type { FakeProvider } from '../fakes';

export const KEYS = { openai: 'sk-fake-openai-0001', anthropic: 'sk-ant-fake-0002', gemini: 'fake-gemini-0003', azure: 'fake-azure-0004' };

export interface Harness {
  gateway: RunningGateway;
  openai: FakeProvider;
  anthropic: FakeProvider;
  gemini: FakeProvider;
  dataDir: string;
  configPath: string;
  secrets: MemorySecretStore;
  /** Rewrites the config file (the gateway applies it live). */
  writeConfig(yaml: string): Promise<void>;
  /** Clears every fake's recorded requests, queue and default (between tests). */
  resetFakes(): void;
  close(): Promise<void>;
}

export interface Fakes {
  openai: FakeProvider;
  anthropic: FakeProvider;
  gemini: FakeProvider;
}

/** The `providers:` section that reaches every fake (openai, anthropic, gemini, azure, local). */
export function providersYaml(fakes: Fakes): string {
  return `providers:
  openai:    { type: openai, credential: openai, baseUrl: ${fakes.openai.url}/v1 }
  anthropic: { type: anthropic, credential: anthropic, baseUrl: ${fakes.anthropic.url} }
  gemini:    { type: gemini, apiKey: env:TEST_GEMINI_KEY, baseUrl: ${fakes.gemini.url}/v1beta }
  azure:     { type: azure, credential: azure, baseUrl: ${fakes.openai.url}, apiVersion: 2024-10-21 }
  local:     { type: openai-compatible, apiKey: env:TEST_LOCAL_KEY, baseUrl: ${fakes.openai.url}/v1 }
`;
}

/** A config that reaches every fake, with a route per provider. */
export function standardConfig(fakes: Fakes, extra = ''): string {
  return `
${providersYaml(fakes)}routes:
  gpt:       { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  claude:    { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
  gem:       { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-flash } ] }
  az:        { strategy: single, targets: [ { provider: azure, model: prod-gpt4o } ] }
  workhorse:
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-4o-mini }
  embed:     { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ] }
  gem-embed: { strategy: single, targets: [ { provider: gemini, model: gemini-embedding-001 } ] }
${extra}`;
}

export async function startHarness(
  options: { config?: (fakes: Fakes) => string; env?: NodeJS.ProcessEnv; requestTimeoutMs?: number; backgroundRunChecks?: GatewayOptions['backgroundRunChecks'] } = {},
): Promise<Harness> {
  const [openai, anthropic, gemini] = await Promise.all([
    startFakeOpenAI({ apiKey: KEYS.openai, deployments: { 'prod-gpt4o': 'gpt-4o-2024-11-20' } }),
    startFakeAnthropic({ apiKey: KEYS.anthropic }),
    startFakeGemini({ apiKey: KEYS.gemini }),
  ]);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-'));
  const configPath = path.join(dataDir, 'config.yaml');
  const fakes = { openai, anthropic, gemini };
  await writeFile(configPath, (options.config ?? standardConfig)(fakes));
  const secrets = new MemorySecretStore();
  await secrets.set('openai', KEYS.openai);
  await secrets.set('anthropic', KEYS.anthropic);
  // The fake OpenAI server also plays Azure, with the OpenAI key.
  await secrets.set('azure', KEYS.openai);
  const gateway = await startGateway({
    configPath,
    dataDir,
    port: 0,
    secrets,
    env: { TEST_GEMINI_KEY: KEYS.gemini, TEST_LOCAL_KEY: KEYS.openai, SWITCHBOARD_API_KEY: 'sk-sb-test-key', ...options.env },
    requestTimeoutMs: options.requestTimeoutMs,
    backgroundRunChecks: options.backgroundRunChecks,
    log: () => undefined,
  });
  return {
    gateway,
    openai,
    anthropic,
    gemini,
    dataDir,
    configPath,
    secrets,
    writeConfig: (yaml) => writeFile(configPath, yaml),
    resetFakes() {
      for (const fake of [openai, anthropic, gemini]) fake.reset();
    },
    async close() {
      await gateway.close();
      await Promise.all([openai.close(), anthropic.close(), gemini.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The official SDKs pointed at the gateway with its test key, without SDK retries (each call is one gateway call). */
export function sdkClients(h: Harness): { openai: OpenAI; anthropic: Anthropic } {
  return {
    openai: new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: h.gateway.url, apiKey: 'sk-sb-test-key', maxRetries: 0 }),
  };
}

/** Polls until `check` stops throwing (for effects that land asynchronously, like log rows). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The log row of the call an answer's `x-request-id` names, once it is written. */
export function logRowOf(h: Harness, id: unknown): Promise<LogRecord> {
  return eventually(async () => {
    const row = typeof id === 'string' ? await h.gateway.logs.get(id) : undefined;
    if (!row) throw new Error(`no log row for ${String(id)}`);
    return row;
  });
}

/** The newest rows a gateway left in its data dir's database (read once it has closed or flushed). */
export async function storedRows(dataDir: string, limit = 10): Promise<LogRecord[]> {
  const reopened = SqliteLogStore.open(path.join(dataDir, 'switchboard.db'));
  try {
    return (await reopened.query({ limit })).rows;
  } finally {
    await reopened.close();
  }
}
