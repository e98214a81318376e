import type Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  across:
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-haiku-4-5 }
      - { provider: gemini, model: gemini-2.5-flash }
  to-claude:
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-haiku-4-5 }
  gem:
    strategy: single
    targets: [ { provider: gemini, model: gemini-2.5-flash } ]
  gem-first:
    strategy: fallback
    targets:
      - { provider: gemini, model: gemini-2.5-flash }
      - { provider: anthropic, model: claude-haiku-4-5 }
  patient:
    strategy: single
    retry: { attempts: 1 }
    targets: [ { provider: openai, model: gpt-4o-mini } ]
  impatient:
    strategy: fallback
    timeoutMs: 300ms
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-haiku-4-5 }
  strict:
    strategy: fallback
    fallbackOn: [503]
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-haiku-4-5 }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

async function logRow(id: string | null): Promise<LogRecord> {
  await h.gateway.logs.flush();
  const row = await h.gateway.logs.get(id ?? '');
  if (!row) throw new Error(`no log row for ${id}`);
  return row;
}

const ask = (model: string, content = 'hello') => openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

describe('fallback across providers', () => {
  it('an OpenAI client gets Gemini’s answer, translated, when Anthropic answers 503', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 503, message: 'Service unavailable' });
    const { data, response } = await ask('across', 'route me');
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toBe('echo: route me');
    expect(response.headers.get('x-switchboard-provider')).toBe('gemini');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(h.anthropic.requests).toHaveLength(1);
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row.attempts.map((a) => [a.provider, a.status, a.outcome])).toEqual([
      ['anthropic', 503, 'fallback'],
      ['gemini', 200, 'ok'],
    ]);
  });

  it('an Anthropic client gets Anthropic’s own answer when OpenAI answers 503', async () => {
    h.openai.enqueue({ kind: 'error', status: 503 });
    const { data, response } = await anthropic.messages.create({ model: 'to-claude', max_tokens: 50, messages: [{ role: 'user', content: 'natively' }] }).withResponse();
    expect(data.type).toBe('message');
    expect(data.content[0]).toMatchObject({ type: 'text', text: 'echo: natively' });
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });

  it("skips Gemini for more stop sequences than its 5, naming the client's own field, and falls back", async () => {
    const stop = ['a', 'b', 'c', 'd', 'e', 'f'];
    const openaiError = (await openai.chat.completions.create({ model: 'gem', stop, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(openaiError).toBeInstanceOf(OpenAI.BadRequestError);
    expect(openaiError.message).toMatch(/'stop'.*at most 5 .*has 6/);
    const anthropicError = await anthropic.messages.create({ model: 'gem', max_tokens: 10, stop_sequences: stop, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect((anthropicError as Error).message).toMatch(/'stop_sequences'.*at most 5 .*has 6/);
    expect(h.gemini.requests).toHaveLength(0);

    // Five still go to Gemini; six are served by the next target, in either client shape.
    await openai.chat.completions.create({ model: 'gem-first', stop: stop.slice(0, 5), messages: [{ role: 'user', content: 'x' }] });
    expect((h.gemini.requests.at(-1)?.body as { generationConfig: { stopSequences: string[] } }).generationConfig.stopSequences).toEqual(stop.slice(0, 5));
    const fromOpenAI = await openai.chat.completions.create({ model: 'gem-first', stop, messages: [{ role: 'user', content: 'x' }] }).withResponse();
    expect(fromOpenAI.response.headers.get('x-switchboard-provider')).toBe('anthropic');
    // Gemini was skipped without a call: one attempt was sent, and the log says why.
    expect(fromOpenAI.response.headers.get('x-switchboard-attempts')).toBe('1');
    const row = await logRow(fromOpenAI.response.headers.get('x-switchboard-request-id'));
    expect(row.attempts.map((a) => [a.provider, a.outcome])).toEqual([['gemini', 'skipped'], ['anthropic', 'ok']]);
    const fromAnthropic = await anthropic.messages.create({ model: 'gem-first', max_tokens: 10, stop_sequences: stop, messages: [{ role: 'user', content: 'x' }] }).withResponse();
    expect(fromAnthropic.data.content[0]).toMatchObject({ type: 'text', text: 'echo: x' });
    expect(fromAnthropic.response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(h.anthropic.requests.map((r) => (r.body as { stop_sequences: string[] }).stop_sequences)).toEqual([stop, stop]);
    expect(h.gemini.requests).toHaveLength(1);
  });

  it('does not fall back on a status outside fallbackOn', async () => {
    h.openai.enqueue({ kind: 'error', status: 502, message: 'bad gateway' });
    const error = (await ask('strict').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('ends with the last target’s error, in the client’s shape, when every target fails', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 503 });
    h.gemini.enqueue({ kind: 'error', status: 503, message: 'The model is overloaded.' });
    const error = (await ask('across').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(503);
    expect(error.message).toContain('The model is overloaded.');
    expect(error.headers?.get('x-switchboard-attempts')).toBe('2');
  });
});

describe('retries', () => {
  it('retries a 429 after the retry-after the provider asked for', async () => {
    h.openai.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached', headers: { 'retry-after': '1' } });
    const started = Date.now();
    const { data, response } = await ask('patient', 'again');
    const elapsed = Date.now() - started;
    expect(data.choices[0]?.message.content).toBe('echo: again');
    expect(h.openai.requests).toHaveLength(2);
    const gap = (h.openai.requests[1]?.at ?? 0) - (h.openai.requests[0]?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row.attempts.map((a) => [a.status, a.outcome])).toEqual([
      [429, 'retry'],
      [200, 'ok'],
    ]);
  });
});

describe('timeouts', () => {
  it('gives up on a hanging upstream after timeoutMs and falls back', async () => {
    h.openai.enqueue({ kind: 'hang' });
    const started = Date.now();
    const { data, response } = await ask('impatient', 'are you there');
    const elapsed = Date.now() - started;
    expect(data.choices[0]?.message.content).toBe('echo: are you there');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    const row = await logRow(response.headers.get('x-switchboard-request-id'));
    expect(row.attempts[0]).toMatchObject({ provider: 'openai', status: 504, outcome: 'fallback' });
  });

  it('falls back when the upstream drops the connection', async () => {
    h.openai.enqueue({ kind: 'drop' });
    const { response } = await ask('impatient');
    expect(response.headers.get('x-switchboard-provider')).toBe('anthropic');
  });
});
