import type Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  redacted: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: { pii: redact } }
  masked:   { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: { pii: mask } }
  blocked:  { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: { pii: block } }
  restored: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], guardrails: { pii: restore } }
  claude-restored: { strategy: single, targets: [ { provider: anthropic, model: claude-haiku-4-5 } ], guardrails: { pii: restore } }
  gpt-via-claude:  { strategy: single, targets: [ { provider: anthropic, model: claude-haiku-4-5 } ], guardrails: { pii: restore } }
  router: { strategy: conditional, rules: [ { when: { metadata.tier: pro }, route: restored } ], default: redacted }
  router-blocked: { strategy: fallback, targets: [ { route: redacted }, { route: blocked } ] }
server:
  logBodies: true
guardrails:
  pii:
    detectors: [email, phone, card, iban, ssn, ip, secrets]
    custom: [ { name: employee-id, pattern: "EMP-\\\\d{6}" } ]
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => {
  h.openai.reset();
  h.anthropic.reset();
});

const PROMPT = 'Mail ana@example.com, card 4242 4242 4242 4242, key sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx1234, id EMP-123456';
const upstreamText = (fake: { requests: Array<{ body: unknown }> }): string => JSON.stringify(fake.requests.at(-1)?.body);

describe('PII guardrails', () => {
  it('redact: the provider never receives the values, and the log counts what was found', async () => {
    const { response } = await openai.chat.completions.create({ model: 'redacted', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    const sent = upstreamText(h.openai);
    for (const value of ['ana@example.com', '4242 4242 4242 4242', 'sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx1234', 'EMP-123456']) expect(sent).not.toContain(value);
    expect(sent).toContain('[EMAIL_1]');
    const row = await h.gateway.logs.get(response.headers.get('x-switchboard-request-id') ?? '');
    expect(row?.piiFindings).toMatchObject({ email: 1, card: 1 });
    expect(JSON.stringify(row)).not.toContain('ana@example.com');
  });

  it("a route reached through another route keeps its guardrail: the strictest along the way applies", async () => {
    await openai.chat.completions.create({ model: 'router', messages: [{ role: 'user', content: PROMPT }] });
    expect(upstreamText(h.openai)).not.toContain('ana@example.com');
    expect(upstreamText(h.openai)).toContain('[EMAIL_1]');
    // `blocked` is one of its targets, so PII is refused whichever target would serve.
    h.openai.reset();
    const error = await openai.chat.completions.create({ model: 'router-blocked', messages: [{ role: 'user', content: PROMPT }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(h.openai.requests).toHaveLength(0);
  });

  it('mask: the provider gets masked hints', async () => {
    await openai.chat.completions.create({ model: 'masked', messages: [{ role: 'user', content: 'card 4242 4242 4242 4242' }] });
    const sent = upstreamText(h.openai);
    expect(sent).not.toContain('4242 4242 4242 4242');
    expect(sent).toContain('4242');
  });

  it('block: a 400 that names the detector, never the value, and nothing goes upstream', async () => {
    const error = (await openai.chat.completions.create({ model: 'blocked', messages: [{ role: 'user', content: PROMPT }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('email');
    expect(error.message).not.toContain('ana@example.com');
    expect(h.openai.requests).toHaveLength(0);
  });

  it('restore: placeholders go upstream, the real values come back (OpenAI, native and streamed)', async () => {
    const plain = await openai.chat.completions.create({ model: 'restored', messages: [{ role: 'user', content: 'write to ana@example.com' }] });
    expect(upstreamText(h.openai)).not.toContain('ana@example.com');
    expect(plain.choices[0]?.message.content).toBe('echo: write to ana@example.com');

    const stream = await openai.chat.completions.create({ model: 'restored', messages: [{ role: 'user', content: 'call +1 415-555-2671 now' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(upstreamText(h.openai)).not.toContain('415-555-2671');
    expect(text).toBe('echo: call +1 415-555-2671 now');
  });

  it('restore: a Responses API ask sends placeholders upstream and gets the real values back, JSON and streamed', async () => {
    const plain = await openai.responses.create({ model: 'claude-restored', instructions: 'Mail ana@example.com if asked.', input: 'write to ana@example.com' });
    expect(upstreamText(h.anthropic)).not.toContain('ana@example.com');
    expect(plain.output_text).toBe('echo: write to ana@example.com');

    const stream = openai.responses.stream({ model: 'claude-restored', input: [{ role: 'user', content: [{ type: 'input_text', text: 'call +1 415-555-2671 now' }] }] });
    let text = '';
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await stream.finalResponse();
    expect(upstreamText(h.anthropic)).not.toContain('415-555-2671');
    expect(text).toBe('echo: call +1 415-555-2671 now');
    expect(final.output_text).toBe('echo: call +1 415-555-2671 now');
  });

  it('redact and block: a Responses ask that goes natively to OpenAI is scrubbed in stored-prompt variables and custom tool calls too', async () => {
    await openai.responses.create({
      model: 'redacted',
      prompt: { id: 'pmpt_1', variables: { customer: 'ana@example.com', note: { type: 'input_text', text: 'card 4111 1111 1111 1111' } } },
      input: [
        { type: 'custom_tool_call', call_id: 'c1', name: 'mail', input: 'to ana@example.com' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'sent to ana@example.com' },
        { role: 'user', content: 'done?' },
      ],
    });
    expect(h.openai.requests.at(-1)?.path).toBe('/v1/responses');
    expect(upstreamText(h.openai)).not.toContain('ana@example.com');
    expect(upstreamText(h.openai)).not.toContain('4111 1111 1111 1111');
    expect(upstreamText(h.openai)).toContain('pmpt_1');

    const error = await openai.responses.create({ model: 'blocked', prompt: { id: 'pmpt_1', variables: { customer: 'ana@example.com' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(h.openai.requests).toHaveLength(1);
  });

  it('restore: a Responses API ask that goes natively to OpenAI gets the real values back from its untouched answer, JSON and streamed', async () => {
    const plain = await openai.responses.create({ model: 'restored', input: 'write to ana@example.com' });
    expect(h.openai.requests.at(-1)?.path).toBe('/v1/responses');
    expect(upstreamText(h.openai)).not.toContain('ana@example.com');
    expect(plain.output_text).toBe('echo: write to ana@example.com');

    const stream = openai.responses.stream({ model: 'restored', input: 'call +1 415-555-2671 now' });
    let text = '';
    const numbers: number[] = [];
    stream.on('event', (event) => numbers.push(event.sequence_number));
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await stream.finalResponse();
    expect(upstreamText(h.openai)).not.toContain('415-555-2671');
    expect(text).toBe('echo: call +1 415-555-2671 now');
    expect(final.output_text).toBe('echo: call +1 415-555-2671 now');
    expect(numbers).toEqual(numbers.map((_, i) => i));
  });

  it('restore: the logged answer keeps the placeholders, JSON and streamed, while the caller gets the values', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'restored', messages: [{ role: 'user', content: 'write to ana@example.com' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('echo: write to ana@example.com');
    const jsonRow = await h.gateway.logs.get(response.headers.get('x-switchboard-request-id') ?? '');
    expect(jsonRow?.responseBody).toContain('echo: write to [EMAIL_1]');
    expect(JSON.stringify(jsonRow)).not.toContain('ana@example.com');

    h.anthropic.enqueue({ kind: 'reply', text: 'Reply to [EMAIL_1] today' });
    const streamed = await openai.chat.completions
      .create({ model: 'gpt-via-claude', messages: [{ role: 'user', content: 'contact ana@example.com' }], stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of streamed.data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Reply to ana@example.com today');
    const streamRow = await h.gateway.logs.get(streamed.response.headers.get('x-switchboard-request-id') ?? '');
    expect(streamRow?.responseBody).toContain('[EMAIL_1]');
    expect(JSON.stringify(streamRow)).not.toContain('ana@example.com');
  });

  it('restore: across a split placeholder in an Anthropic stream, natively and translated', async () => {
    h.anthropic.enqueue({ kind: 'reply', text: 'Reply to [EMAIL_1] today' });
    const native = await anthropic.messages.stream({ model: 'claude-restored', max_tokens: 50, messages: [{ role: 'user', content: 'contact ana@example.com' }] }).finalMessage();
    expect(native.content[0]).toMatchObject({ type: 'text', text: 'Reply to ana@example.com today' });
    expect(upstreamText(h.anthropic)).not.toContain('ana@example.com');

    h.anthropic.enqueue({ kind: 'reply', text: 'Reply to [EMAIL_1] today' });
    const stream = await openai.chat.completions.create({ model: 'gpt-via-claude', messages: [{ role: 'user', content: 'contact ana@example.com' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Reply to ana@example.com today');
  });
});
