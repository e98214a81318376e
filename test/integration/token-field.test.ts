/**
 * The output limit's field on OpenAI-shaped servers, which disagree on it: reasoning models (o-series,
 * GPT-5) refuse `max_tokens` with 400 unsupported_parameter, and Azure API versions before
 * 2024-09-01-preview refuse `max_completion_tokens` ("Unrecognized request argument supplied"),
 * both as the fake OpenAI/Azure server does. The gateway sends such a call again with the other
 * field, once, and uses that field for the deployment from then on.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  azure-2024-08: { type: azure, credential: azure, baseUrl: ${fakes.openai.url}, apiVersion: 2024-08-01-preview }
routes:
  old-4o: { strategy: single, targets: [ { provider: azure-2024-08, model: prod-gpt4o } ] }
  old-4o-mini: { strategy: single, targets: [ { provider: azure-2024-08, model: gpt-4o-mini } ] }
  old-4o-capped: { strategy: single, targets: [ { provider: azure-2024-08, model: gpt-4o-capped, params: { max_completion_tokens: 100 } } ] }
  az-o3-capped: { strategy: single, targets: [ { provider: azure, model: o3-capped, params: { max_tokens: 150 } } ] }
  az-o3: { strategy: single, targets: [ { provider: azure, model: o3-mini } ] }
  az-o4: { strategy: single, targets: [ { provider: azure, model: o4-mini } ] }
  o3: { strategy: single, targets: [ { provider: openai, model: o3 } ] }
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const tokenFields = (): Array<string[]> =>
  h.openai.requests.map((r) => Object.keys(r.body as Record<string, unknown>).filter((k) => k === 'max_tokens' || k === 'max_completion_tokens'));
const limits = (): unknown[] => h.openai.requests.map((r) => { const b = r.body as Record<string, unknown>; return b.max_tokens ?? b.max_completion_tokens; });

describe('an Azure API version that predates max_completion_tokens', () => {
  it('answers a translated call with max_tokens instead, and sends max_tokens to that deployment from then on', async () => {
    const message = await anthropic.messages.create({ model: 'old-4o', max_tokens: 300, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([{ type: 'text', text: 'echo: hi' }]);
    const again = await anthropic.messages.create({ model: 'old-4o', max_tokens: 200, messages: [{ role: 'user', content: 'again' }] });
    expect(again.content).toEqual([{ type: 'text', text: 'echo: again' }]);
    expect(tokenFields()).toEqual([['max_completion_tokens'], ['max_tokens'], ['max_tokens']]);
    expect(limits()).toEqual([300, 300, 200]);
  });

  it('does the same for a stream, before the client sees a byte', async () => {
    const streamed = await anthropic.messages.stream({ model: 'old-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'hi there' }] }).finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'echo: hi there' }]);
    expect(tokenFields()).toEqual([['max_completion_tokens'], ['max_tokens']]);
  });
});

describe('a reasoning model sent max_tokens', () => {
  it("answers an OpenAI client's own max_tokens on an o-series Azure deployment as max_completion_tokens", async () => {
    const reply = await openai.chat.completions.create({ model: 'az-o3', max_tokens: 500, messages: [{ role: 'user', content: 'think' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: think');
    const stream = await openai.chat.completions.create({ model: 'az-o3', max_tokens: 400, stream: true, messages: [{ role: 'user', content: 'more' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('echo: more');
    expect(tokenFields()).toEqual([['max_tokens'], ['max_completion_tokens'], ['max_completion_tokens']]);
    expect(limits()).toEqual([500, 500, 400]);
  });

  it('keeps max_completion_tokens when the client sent both (LangChain can), leaving max_tokens out', async () => {
    const reply = await openai.chat.completions.create({ model: 'az-o4', max_tokens: 500, max_completion_tokens: 900, messages: [{ role: 'user', content: 'both' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: both');
    expect(tokenFields().at(-1)).toEqual(['max_completion_tokens']);
    expect(limits().at(-1)).toBe(900);
  });

  it('does the same on api.openai.com, whose o-series refuses max_tokens alike', async () => {
    const reply = await openai.chat.completions.create({ model: 'o3', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] });
    expect(reply.choices[0]?.message.content).toBe('echo: x');
    expect(tokenFields()).toEqual([['max_tokens'], ['max_completion_tokens']]);
  });

  it('passes on any other refusal as it came, without a second call', async () => {
    h.openai.enqueue({ kind: 'error', status: 400, code: 'invalid_value', param: 'temperature', message: "Unsupported value: 'temperature' does not support 0.2 with this model." });
    const error = await openai.chat.completions.create({ model: 'o3', temperature: 0.2, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'invalid_value', param: 'temperature' });
    expect(h.openai.requests).toHaveLength(1);
  });
});

describe("a target's forced output limit", () => {
  it('replaces the client\'s limit in the field the deployment takes, in one call once that field is known', async () => {
    await anthropic.messages.create({ model: 'old-4o-capped', max_tokens: 300, messages: [{ role: 'user', content: 'hi' }] });
    await anthropic.messages.create({ model: 'old-4o-capped', max_tokens: 200, messages: [{ role: 'user', content: 'again' }] });
    await openai.chat.completions.create({ model: 'old-4o-capped', max_tokens: 400, messages: [{ role: 'user', content: 'native' }] });
    expect(tokenFields()).toEqual([['max_completion_tokens'], ['max_tokens'], ['max_tokens'], ['max_tokens']]);
    expect(limits()).toEqual([100, 100, 100, 100]);
  });

  it("is sent as the params spell it, and in the other field once that one is refused, whatever the client's own field", async () => {
    await openai.chat.completions.create({ model: 'az-o3-capped', max_completion_tokens: 900, messages: [{ role: 'user', content: 'think' }] });
    await anthropic.messages.create({ model: 'az-o3-capped', max_tokens: 800, messages: [{ role: 'user', content: 'again' }] });
    await openai.chat.completions.create({ model: 'az-o3-capped', messages: [{ role: 'user', content: 'no limit' }] });
    expect(tokenFields()).toEqual([['max_tokens'], ['max_completion_tokens'], ['max_completion_tokens'], ['max_completion_tokens']]);
    expect(limits()).toEqual([150, 150, 150, 150]);
  });
});

describe('a Responses API call that goes natively to OpenAI', () => {
  it("keeps its own max_output_tokens, whatever the chat deployment learned, and is never sent again on a refusal", async () => {
    // Teach the o3 deployment max_completion_tokens through chat completions first.
    await openai.chat.completions.create({ model: 'o3', max_tokens: 50, messages: [{ role: 'user', content: 'learn' }] });
    h.resetFakes();
    const reply = await openai.responses.create({ model: 'o3', input: 'hi', max_output_tokens: 64 });
    expect(reply.output_text).toBe('echo: hi');
    expect(h.openai.requests.at(-1)?.body).toMatchObject({ model: 'o3', max_output_tokens: 64 });
    expect(tokenFields()).toEqual([[]]);

    h.openai.enqueue({ kind: 'error', status: 400, code: 'unsupported_parameter', param: 'max_tokens', message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." });
    const error = await openai.responses.create({ model: 'o3', input: 'again', max_output_tokens: 64 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter' });
    expect(h.openai.requests).toHaveLength(2);
  });
});

