import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  dl-retry:
    strategy: single
    deadlineMs: 1s
    retry: { attempts: 3, backoffMs: 10ms, maxBackoffMs: 10s }
    targets: [ { provider: openai, model: gpt-4o-mini } ]
  dl-retry-fb:
    strategy: fallback
    deadlineMs: 2s
    retry: { attempts: 3, backoffMs: 10ms, maxBackoffMs: 10s }
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-haiku-4-5 }
  ll:
    strategy: lowest-latency
    targets:
      - { provider: gemini, model: gemini-2.5-flash }
      - { provider: openai, model: gpt-4o-mini }
  strag:
    strategy: fallback
    breaker: { failures: 2, cooldownMs: 30s }
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-4o }
`,
  });
  ({ openai } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

async function logRow(id: string | null | undefined): Promise<LogRecord> {
  await h.gateway.logs.flush();
  const row = await h.gateway.logs.get(id ?? '');
  if (!row) throw new Error(`no log row for ${id}`);
  return row;
}
const ask = (model: string, content = 'hello') => openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

describe('resilience at the edges of retries, deadlines, latency and breakers', () => {
  it('does not sleep out the deadline on a retry-after longer than the time left, and logs the attempt as failed', async () => {
    h.openai.enqueue({ kind: 'error', status: 503, headers: { 'retry-after': '3' } });
    const started = Date.now();
    const error = (await ask('dl-retry').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(900);
    expect(h.openai.requests).toHaveLength(1);
    const row = await logRow(error.headers?.get('x-switchboard-request-id'));
    expect(row.attempts.map((a) => [a.status, a.outcome])).toEqual([[503, 'failed']]);
  });

  it('falls back at once when the retry-after would not fit in the deadline', async () => {
    h.openai.enqueue({ kind: 'error', status: 503, headers: { 'retry-after': '5' } });
    const { response } = await ask('dl-retry-fb', 'x');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(h.anthropic.requests).toHaveLength(1);
  });

  it('lowest-latency does not keep first a target that fails fast every time', async () => {
    h.gemini.setDefault({ kind: 'error', status: 503 });
    const attempts: (string | null)[] = [];
    for (let i = 0; i < 5; i++) attempts.push((await ask('ll')).response.headers.get('x-switchboard-attempts'));
    // Tried once, unmeasured; its failure then counts as a timeout and puts it last.
    expect(h.gemini.requests).toHaveLength(1);
    expect(attempts).toEqual(['2', '1', '1', '1', '1']);
  });

  it('keeps a breaker open when a request let through before it opened succeeds late', async () => {
    h.anthropic.enqueue({ kind: 'delay', ms: 600 });
    h.anthropic.enqueue({ kind: 'error', status: 503 });
    h.anthropic.enqueue({ kind: 'error', status: 503 });
    const slow = ask('strag');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await ask('strag');
    await ask('strag');
    expect(h.gateway.router.breakers.state('anthropic/claude-sonnet-4-5')).toBe('open');
    await slow;
    expect(h.gateway.router.breakers.state('anthropic/claude-sonnet-4-5')).toBe('open');
    const { response } = await ask('strag');
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
    expect(h.anthropic.requests).toHaveLength(3);
  });
});
