// How each system under test is started and addressed. Every target exposes the same four
// upstream variants as request targets { origin, path, model, headers }:
//   fast (0 ms JSON), slow (20 ms JSON), sse (64 chunks × 20 ms), ttft (first chunk at once).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startNode } from './proc.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bench = path.join(root, 'bench');
const ELD = path.join(bench, 'preload/event-loop.mjs');
export const UPSTREAM_KEY = 'sk-bench-upstream-0000000000000000';
export const GATEWAY_KEY = 'sk-sb-bench-000000000000000000000000';
const VARIANTS = { fast: '/fast/v1', slow: '/slow/v1', sse: '/sse/v1', ttft: '/sse-ttft/v1' };
const UPSTREAM_MODEL = 'gpt-4o-mini';

const baseEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME });
const listening = (out) => {
  const match = /LISTENING (\d+)/.exec(out);
  return match ? Number(match[1]) : undefined;
};

export async function startUpstream({ cpu, workDir }) {
  return startNode({
    name: 'upstream',
    args: ['--import', ELD, path.join(bench, 'upstream.mjs'), '0'],
    env: { ...baseEnv(), BENCH_ELD_FILE: path.join(workDir, 'eld-upstream.jsonl') },
    cpu,
    logDir: workDir,
    ready: listening,
  });
}

/** Request targets for a server that speaks the upstream's own paths (direct, minimal proxy). */
const passThroughVariants = (origin) =>
  Object.fromEntries(Object.entries(VARIANTS).map(([variant, prefix]) => [variant, { origin, path: `${prefix}/chat/completions`, model: UPSTREAM_MODEL, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } }]));

export function directTarget(upstream) {
  return { name: 'direct', label: 'upstream direct', proc: upstream, variants: passThroughVariants(`http://127.0.0.1:${upstream.port}`) };
}

export async function startMinimal({ cpu, workDir, upstreamPort, nodeArgs = [], launcher, timeoutMs }) {
  const name = 'minimal';
  const proc = await startNode({
    name,
    args: [...nodeArgs, '--import', ELD, path.join(bench, 'minimal-proxy.mjs'), '0'],
    env: { ...baseEnv(), UPSTREAM: `http://127.0.0.1:${upstreamPort}`, BENCH_ELD_FILE: path.join(workDir, `eld-${name}.jsonl`) },
    cpu,
    logDir: workDir,
    ready: listening,
    launcher,
    timeoutMs,
  });
  return { name, label: 'minimal proxy (node:http + undici)', proc, eldFile: path.join(workDir, `eld-${name}.jsonl`), variants: passThroughVariants(`http://127.0.0.1:${proc.port}`) };
}

/** The config for "everything on": auth, cost, logging, and cache/limits/budgets where wired. */
export function switchboardConfig(upstreamPort) {
  const providers = Object.entries(VARIANTS)
    .map(([variant, prefix]) => `  up-${variant}: { type: openai, credential: bench, baseUrl: "http://127.0.0.1:${upstreamPort}${prefix}" }`)
    .join('\n');
  const routes = Object.keys(VARIANTS)
    .map(
      (variant) => `  ${variant}:
    strategy: single
    targets: [{ provider: up-${variant}, model: ${UPSTREAM_MODEL} }]
    cache: { ttl: 600s, scope: key }
    limits: { rpm: 100000000, tpm: 1000000000, concurrent: 100000 }`,
    )
    .join('\n');
  return `# Written by bench/run.mjs: every feature on, limits far above the load.
server:
  auth: required
  logBodies: false
providers:
${providers}
routes:
${routes}
cache:
  maxBytes: 256MB
budgets:
  global: { monthlyUsd: 1000000000 }
`;
}

/** `cli`: the built gateway to run (default this checkout's), so two builds can be compared; `env`: extra variables (preloads' settings). */
export async function startSwitchboard({ cpu, workDir, upstreamPort, nodeArgs = [], name = 'switchboard', config = switchboardConfig(upstreamPort), cli = path.join(root, 'out/gateway/cli.js'), env = {}, launcher, timeoutMs }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const configPath = path.join(dataDir, 'config.yaml');
  writeFileSync(configPath, config);
  const eldFile = path.join(workDir, `eld-${name}.jsonl`);
  const proc = await startNode({
    name,
    args: [...nodeArgs, '--import', ELD, cli, 'serve', '--data-dir', dataDir, '--config', configPath, '--port', '0', '--secrets', 'env'],
    env: { ...baseEnv(), ...env, SWITCHBOARD_SECRET_BENCH: UPSTREAM_KEY, SWITCHBOARD_API_KEY: GATEWAY_KEY, BENCH_ELD_FILE: eldFile },
    cpu,
    logDir: workDir,
    launcher,
    timeoutMs,
    ready: (out) => {
      const match = /listening on http:\/\/[^\s:]+:(\d+)/.exec(out);
      return match ? Number(match[1]) : undefined;
    },
  });
  const origin = `http://127.0.0.1:${proc.port}`;
  const variants = Object.fromEntries(
    Object.keys(VARIANTS).map((variant) => [variant, { origin, path: '/v1/chat/completions', model: variant, headers: { authorization: `Bearer ${GATEWAY_KEY}` } }]),
  );
  return { name, label: 'Switchboard, all features on', proc, eldFile, dataDir, dbFile: path.join(dataDir, 'switchboard.db'), variants };
}

export async function startPortkey({ cpu, workDir, upstreamPort }) {
  const name = 'portkey';
  const port = await freePort();
  const eldFile = path.join(workDir, `eld-${name}.jsonl`);
  const proc = await startNode({
    name,
    args: ['--import', ELD, '--import', path.join(bench, 'preload/portkey-fetch-shim.mjs'), path.join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'],
    env: { ...baseEnv(), BENCH_ELD_FILE: eldFile },
    cpu,
    logDir: workDir,
    ready: (out) => (out.includes('Ready for connections') || out.includes('running at') ? port : undefined),
  });
  const origin = `http://127.0.0.1:${port}`;
  const variants = Object.fromEntries(
    Object.entries(VARIANTS).map(([variant, prefix]) => [
      variant,
      {
        origin,
        path: '/v1/chat/completions',
        model: UPSTREAM_MODEL,
        headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${upstreamPort}${prefix}`, authorization: `Bearer ${UPSTREAM_KEY}` },
      },
    ]),
  );
  return { name, label: 'Portkey gateway 1.15.2 (npm, --headless)', proc, eldFile, variants };
}
