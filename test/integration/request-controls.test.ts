/**
 * Per-request routing controls: `x-switchboard-timeout` and `x-switchboard-retries` replace
 * the route's per-attempt timeout and retries for one call.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  patient: { strategy: single, timeoutMs: 30s, retry: { attempts: 0, backoffMs: 10ms }, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  guarded: { strategy: fallback, breaker: { failures: 2, cooldownMs: 60s }, targets: [ { provider: openai, model: gpt-4o }, { provider: anthropic, model: claude-haiku-4-5 } ] }
`,
  });
  openai = sdkClients(h).openai;
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const ask = (headers: Record<string, string> = {}) => openai.chat.completions.create({ model: 'patient', messages: [{ role: 'user', content: 'hi' }] }, { headers });

describe('per-request controls', () => {
  it('x-switchboard-retries retries a target the route would not', async () => {
    h.openai.enqueue({ kind: 'error', status: 503 });
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    h.openai.enqueue({ kind: 'error', status: 503 }, { kind: 'reply', text: 'second time lucky' });
    const answer = await ask({ 'x-switchboard-retries': '1' });
    expect(answer.choices[0]?.message.content).toBe('second time lucky');
    expect(h.openai.requests).toHaveLength(3);
  });

  it('x-switchboard-timeout gives up on a slow attempt sooner than the route would', async () => {
    h.openai.enqueue({ kind: 'delay', ms: 1_500, then: { kind: 'reply', text: 'too late' } });
    const failed = await ask({ 'x-switchboard-timeout': '200ms' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.APIError);
    expect(failed).toMatchObject({ status: 504, code: 'upstream_timeout' });
    // The route's own 30 s: the same slow answer arrives.
    h.openai.enqueue({ kind: 'delay', ms: 300, then: { kind: 'reply', text: 'in time' } });
    expect((await ask()).choices[0]?.message.content).toBe('in time');
  });

  it("does not let a caller's own short timeouts open a breaker other keys share", async () => {
    h.openai.setDefault({ kind: 'delay', ms: 200, then: { kind: 'reply', text: 'slow but fine' } });
    const guarded = (headers: Record<string, string> = {}) => openai.chat.completions.create({ model: 'guarded', messages: [{ role: 'user', content: 'hi' }] }, { headers });
    h.anthropic.setDefault({ kind: 'delay', ms: 200, then: { kind: 'reply', text: 'slow but fine' } });
    for (let i = 0; i < 3; i++) await expect(guarded({ 'x-switchboard-timeout': '10ms' })).rejects.toMatchObject({ status: 504 });
    // OpenAI's breaker is still closed: the next call goes to it, not past it to the fallback.
    const { response } = await guarded().withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('openai');
  });

  it('refuses a bad value with a 400 naming the header', async () => {
    for (const [name, value] of [['x-switchboard-timeout', 'soon'], ['x-switchboard-timeout', '2h'], ['x-switchboard-retries', '11'], ['x-switchboard-retries', '-1']] as const) {
      const refused = await ask({ [name]: value }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect(refused).toMatchObject({ code: 'invalid_header', param: name });
    }
    expect(h.openai.requests).toHaveLength(0);
  });
});
