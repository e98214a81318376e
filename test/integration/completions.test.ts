import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logRowOf, sdkClients, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

/**
 * OpenAI's legacy text completions (`/v1/completions`): what autocomplete clients send
 * (Continue's `useLegacyCompletionsEndpoint`, Cody) to OpenAI-shaped servers. Driven by the
 * official openai SDK's `completions.create`.
 */
let h: Harness;
let openai: OpenAI;
beforeAll(async () => {
  h = await startHarness({
    config: (fakes) =>
      standardConfig(
        fakes,
        `  instruct:  { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ] }
  local-code: { strategy: fallback, targets: [ { provider: anthropic, model: claude-sonnet-4-5 }, { provider: local, model: qwen2.5-coder } ] }
  redacted:  { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ], guardrails: { pii: redact } }
  restored:  { strategy: single, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct } ], guardrails: { pii: restore } }
  failing:   { strategy: fallback, targets: [ { provider: openai, model: gpt-3.5-turbo-instruct }, { provider: local, model: qwen2.5-coder } ], retry: { attempts: 0 } }
`,
      ),
  });
  openai = sdkClients(h).openai;
});
afterAll(() => h.close());
afterEach(() => h.resetFakes());

const rowOf = (id: unknown) => logRowOf(h, id);

describe('POST /v1/completions', () => {
  it('reaches the target as sent, its model aside, and is answered, priced and logged', async () => {
    const { data, response } = await openai.completions.create({ model: 'instruct', prompt: 'def fib(n):', suffix: '    return a', max_tokens: 32, temperature: 0.2, stop: ['\n\n'] }).withResponse();
    expect(data).toMatchObject({ object: 'text_completion', choices: [{ index: 0, text: 'echo: def fib(n): [suffix:     return a]', finish_reason: 'stop' }] });
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    const sent = h.openai.requests.at(-1);
    expect(sent?.path).toBe('/v1/completions');
    expect(sent?.body).toEqual({ model: 'gpt-3.5-turbo-instruct', prompt: 'def fib(n):', suffix: '    return a', max_tokens: 32, temperature: 0.2, stop: ['\n\n'] });
    expect(Number(response.headers.get('x-switchboard-cost-usd'))).toBeGreaterThan(0);
    const row = await rowOf(response.headers.get('x-request-id'));
    expect(row).toMatchObject({ endpoint: 'completions', alias: 'instruct', provider: 'openai', model: 'gpt-3.5-turbo-instruct', status: 200, stream: false, outputTokens: data.usage?.completion_tokens });
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it('streams the text chunks as sent, with usage counted though the client asked for none', async () => {
    const { data: stream, response } = await openai.completions.create({ model: 'instruct', prompt: 'for i in range(', stream: true }).withResponse();
    const chunks: OpenAI.Completion[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe('echo: for i in range(');
    expect(chunks.every((c) => c.object === 'text_completion')).toBe(true);
    // The usage chunk the gateway asked for is not the client's: it did not ask.
    expect(chunks.some((c) => c.choices.length === 0 || c.usage)).toBe(false);
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const row = await rowOf(response.headers.get('x-request-id'));
    expect(row).toMatchObject({ endpoint: 'completions', status: 200, stream: true });
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.ttftMs).not.toBeNull();
  });

  it('passes the usage chunk on when the client asks for it', async () => {
    const stream = await openai.completions.create({ model: 'instruct', prompt: 'x = ', stream: true, stream_options: { include_usage: true } });
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('skips a target without the endpoint and falls back to one that has it', async () => {
    const { data, response } = await openai.completions.create({ model: 'local-code', prompt: 'import ' }).withResponse();
    expect(data.choices[0]?.text).toBe('echo: import ');
    expect(h.anthropic.requests).toHaveLength(0);
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ model: 'qwen2.5-coder' });
    const row = await rowOf(response.headers.get('x-request-id'));
    expect(row.attempts.map((a) => [a.provider, a.outcome])).toEqual([
      ['anthropic', 'skipped'],
      ['local', 'ok'],
    ]);
  });

  it('says so, in OpenAI words, when no target of the route has the endpoint', async () => {
    const refused = await openai.completions.create({ model: 'claude', prompt: 'hi' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, error: { code: 'completions_unsupported' } });
    expect((refused as Error).message).toContain('has no /v1/completions API');
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it("reaches Azure at its deployment's completions path", async () => {
    const completion = await openai.completions.create({ model: 'az', prompt: 'SELECT ' });
    expect(completion.choices[0]?.text).toBe('echo: SELECT ');
    expect(h.openai.requests.at(-1)?.path).toBe('/openai/deployments/prod-gpt4o/completions');
  });

  it('falls back when the first target fails, before the stream began', async () => {
    h.openai.enqueue({ kind: 'error', status: 503 });
    const stream = await openai.completions.create({ model: 'failing', prompt: 'let x', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('echo: let x');
    expect(h.openai.requests.map((r) => (r.body as { model: string }).model)).toEqual(['gpt-3.5-turbo-instruct', 'qwen2.5-coder']);
  });

  it('ends a stream that fails midway with an error event, and logs it as failed', async () => {
    h.openai.enqueue({ kind: 'stream-fail', afterChunks: 2, mode: 'error-event', errorMessage: 'model crashed' });
    const { data: stream, response } = await openai.completions.create({ model: 'instruct', prompt: 'one two three four', stream: true }).withResponse();
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    })().catch((error: unknown) => error);
    expect(text.length).toBeGreaterThan(0);
    expect(String(failure)).toContain('model crashed');
    const row = await rowOf(response.headers.get('x-request-id'));
    expect(row).toMatchObject({ endpoint: 'completions', stream: true, status: 502 });
    // No usage chunk came: charged what it likely used, the prompt and a token per chunk relayed.
    expect(row.inputTokens).toBeGreaterThan(0);
    expect(row.outputTokens).toBeGreaterThan(0);
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it('scrubs PII from the prompt and the suffix on a guarded route', async () => {
    await openai.completions.create({ model: 'redacted', prompt: 'email jane.doe@example.com about', suffix: 'cc bob@example.org' });
    const sent = JSON.stringify(h.openai.requests.at(-1)?.body);
    expect(sent).not.toContain('jane.doe@example.com');
    expect(sent).not.toContain('bob@example.org');
  });

  it('puts redacted values back into the answer, whole or streamed', async () => {
    const completion = await openai.completions.create({ model: 'restored', prompt: 'write to jane.doe@example.com' });
    expect(JSON.stringify(h.openai.requests.at(-1)?.body)).not.toContain('jane.doe@example.com');
    expect(completion.choices[0]?.text).toBe('echo: write to jane.doe@example.com');
    const stream = await openai.completions.create({ model: 'restored', prompt: 'mail jane.doe@example.com now', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(JSON.stringify(h.openai.requests.at(-1)?.body)).not.toContain('jane.doe@example.com');
    expect(text).toBe('echo: mail jane.doe@example.com now');
  });

  it('refuses a body without a prompt, naming the field, and logs the refusal', async () => {
    const refused = await openai.completions.create({ model: 'instruct' } as never).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, error: { param: 'prompt' } });
    expect(h.openai.requests).toHaveLength(0);
    const row = await rowOf((refused as { headers: Headers }).headers.get('x-request-id'));
    expect(row).toMatchObject({ endpoint: 'completions', alias: 'instruct', status: 400 });
  });
});
