import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { compileDetectors } from './policy';
import type { PiiMode } from './policy';
import { restoreText } from './restore';
import { scrubRequest, summarizeFindings } from './scrub-request';

const policy = (mode: PiiMode) => ({ mode, detectors: compileDetectors(undefined) });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

const EMAIL = 'jane.doe@example.com';
const CARD = '4242 4242 4242 4242';
const PHONE = '+1 415-555-2671';
const IMAGE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const openAiBody = () =>
  deepFreeze({
    model: 'workhorse',
    temperature: 0.2,
    stream: true,
    user: 'user-123',
    tools: [
      {
        type: 'function',
        function: { name: 'send_email', description: `Send mail, e.g. to ${EMAIL}`, parameters: { type: 'object', properties: { to: { type: 'string', description: 'ops@example.com' } } } },
      },
    ],
    messages: [
      { role: 'system', content: `You help the user at ${EMAIL}.` },
      { role: 'user', name: 'jane_doe', content: [{ type: 'text', text: `My card is ${CARD}, call ${PHONE}.` }, { type: 'image_url', image_url: { url: IMAGE, detail: 'low' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'send_email', arguments: `{"to":"${EMAIL}","amount":4242424242424242}` } }] },
      { role: 'tool', tool_call_id: 'call_1', content: `Sent to ${EMAIL} from 10.0.0.5` },
    ],
  });

const SIGNATURE = 'EqQBCkgIARABGAIiQL7nMnO1qV9Z3b8r1X9r2F0u4p8mJ2l5m1H9c3e0Q==';
const anthropicBody = () =>
  deepFreeze({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: [{ type: 'text', text: `Account owner: ${EMAIL}`, cache_control: { type: 'ephemeral' } }],
    tools: [{ name: 'lookup', description: 'Look up an IBAN like DE89 3704 0044 0532 0130 00', input_schema: { type: 'object', properties: { iban: { type: 'string' } } } }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Check IBAN DE89 3704 0044 0532 0130 00' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: IMAGE.slice(22) } },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'SSN 123-45-6789' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: `The user ${EMAIL} wants an IBAN check.`, signature: SIGNATURE },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { iban: 'DE89 3704 0044 0532 0130 00', nested: { emails: [EMAIL] }, limit: 5 } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: `Owner ${EMAIL}, key AKIAIOSFODNN7EXAMPLE` }] }] },
      { role: 'user', content: 'plain string from 192.168.1.10' },
    ],
  });

type Body = ReturnType<typeof openAiBody>;

describe('scrubRequest on an OpenAI chat body', () => {
  it('redacts prompt text with typed placeholders, one per distinct value', () => {
    const { body, findings } = scrubRequest(openAiBody(), 'openai', policy('redact'));
    const messages = (body as Body).messages;
    expect(messages[0]!.content).toBe('You help the user at [EMAIL_1].');
    expect(messages[1]!.content).toEqual([
      { type: 'text', text: 'My card is [CARD_1], call [PHONE_1].' },
      { type: 'image_url', image_url: { url: IMAGE, detail: 'low' } },
    ]);
    // Arguments stay valid JSON: the card sent as a number becomes a string placeholder.
    expect(JSON.parse(messages[2]!.tool_calls![0]!.function.arguments)).toEqual({ to: '[EMAIL_1]', amount: '[CARD_2]' });
    expect(messages[3]!.content).toBe('Sent to [EMAIL_1] from [IP_1]');
    expect(findings).toEqual({ email: 3, card: 2, phone: 1, ip: 1 });
  });

  it('leaves every non-text field byte-identical and the input untouched', () => {
    const input = openAiBody();
    const before = JSON.stringify(input);
    const { body } = scrubRequest(input, 'openai', policy('redact'));
    const out = body as Body;
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    for (const key of ['model', 'temperature', 'stream', 'user', 'tools'] as const) expect(JSON.stringify(out[key])).toBe(JSON.stringify(input[key]));
    expect(out.tools).toBe(input.tools); // the tool schemas are not even copied
    expect(out.messages[1]!.content![1]).toBe(input.messages[1]!.content![1]);
    expect(out.messages[1]!.name).toBe('jane_doe');
    expect(out.messages[2]!.tool_calls![0]!.id).toBe('call_1');
  });

  it('masks with a hint and keeps no vault', () => {
    const { body, vault } = scrubRequest(openAiBody(), 'openai', policy('mask'));
    const messages = (body as Body).messages;
    expect(messages[0]!.content).toBe('You help the user at j***@example.com.');
    expect((messages[1]!.content![0] as { text: string }).text).toBe('My card is **** **** **** 4242, call +* ***-***-**71.');
    expect(vault.size).toBe(0);
  });

  it('blocks with a 400 that names the detector types and never a value', () => {
    let caught: unknown;
    try {
      scrubRequest(openAiBody(), 'openai', policy('block'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    const error = caught as GatewayError;
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, code: 'pii_blocked', retryable: false, param: 'messages.0.content' });
    expect(error.message).toBe('Request blocked by PII guardrail: found email, card, phone, ip');
    const everything = JSON.stringify({ message: error.message, param: error.param, code: error.code });
    for (const value of [EMAIL, CARD, PHONE, '4242424242424242', '10.0.0.5', 'jane']) expect(everything).not.toContain(value);
  });

  it('lets a clean request through block mode unchanged', () => {
    const clean = deepFreeze({ model: 'x', messages: [{ role: 'user', content: 'What is 2 + 2?' }] });
    expect(scrubRequest(clean, 'openai', policy('block'))).toMatchObject({ body: clean, findings: {} });
  });

  it('does nothing at all when the mode is off', () => {
    const input = openAiBody();
    const result = scrubRequest(input, 'openai', policy('off'));
    expect(result.body).toBe(input);
    expect(result.findings).toEqual({});
    expect(result.vault.size).toBe(0);
  });

  it('returns the input itself when nothing was found', () => {
    const clean = deepFreeze({ model: 'x', messages: [{ role: 'user', content: [{ type: 'text', text: 'Refactor v1.2.3 of the parser' }] }] });
    expect(scrubRequest(clean, 'openai', policy('redact')).body).toBe(clean);
  });

  it('keeps the vault for restore: each placeholder maps to its original', () => {
    const { vault } = scrubRequest(openAiBody(), 'openai', policy('restore'));
    expect(restoreText('[EMAIL_1] [CARD_1] [CARD_2] [PHONE_1] [IP_1]', vault)).toBe(`${EMAIL} ${CARD} 4242424242424242 ${PHONE} 10.0.0.5`);
  });

  it('redacts a value to the same placeholder on every turn, though the model echoed it back', () => {
    const turn = (history: Array<{ role: string; content: string }>) => scrubRequest(deepFreeze({ model: 'x', messages: history }), 'openai', policy('redact')).body as { messages: Array<{ content: string }> };
    const first = turn([{ role: 'user', content: `mail ${EMAIL}` }]);
    expect(first.messages[0]!.content).toBe('mail [EMAIL_1]');
    const second = turn([
      { role: 'user', content: `mail ${EMAIL}` },
      { role: 'assistant', content: 'Sent to [EMAIL_1].' },
      { role: 'user', content: 'and to bob@example.org' },
    ]);
    expect(second.messages.map((message) => message.content)).toEqual(['mail [EMAIL_1]', 'Sent to [EMAIL_1].', 'and to [EMAIL_2]']);
  });

  it('never hands out a placeholder the client already wrote itself', () => {
    const body = deepFreeze({ model: 'x', messages: [{ role: 'user', content: 'Template: Dear [EMAIL_1].' }, { role: 'user', content: `Send it to ${EMAIL}` }] });
    const { body: out, vault } = scrubRequest(body, 'openai', policy('restore'));
    expect((out as typeof body).messages[1]!.content).toBe('Send it to [EMAIL_2]');
    expect(restoreText('Dear [EMAIL_1], from [EMAIL_2]', vault)).toBe(`Dear [EMAIL_1], from ${EMAIL}`);
  });
});

describe('scrubRequest on an Anthropic messages body', () => {
  it('redacts system, text, text documents, tool_use input and tool results', () => {
    const input = anthropicBody();
    const { body, findings } = scrubRequest(input, 'anthropic', policy('redact'));
    const out = body as ReturnType<typeof anthropicBody>;
    expect(out.system).toEqual([{ type: 'text', text: 'Account owner: [EMAIL_1]', cache_control: { type: 'ephemeral' } }]);
    const [first, second, third, fourth] = out.messages;
    expect(first!.content).toEqual([
      { type: 'text', text: 'Check IBAN [IBAN_1]' },
      input.messages[0]!.content[1],
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'SSN [SSN_1]' } },
    ]);
    expect(second!.content[1]).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { iban: '[IBAN_1]', nested: { emails: ['[EMAIL_1]'] }, limit: 5 } });
    expect(third!.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Owner [EMAIL_1], key [AWS_ACCESS_KEY_1]' }] }]);
    expect(fourth!.content).toBe('plain string from [IP_1]');
    expect(findings).toEqual({ email: 3, iban: 2, ssn: 1, aws_access_key: 1, ip: 1 }); // not the one in thinking
  });

  it("redacts a document's title and context and a search result's title and source", () => {
    const input = deepFreeze({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', title: `Letter to ${EMAIL}`, context: `Sent by ${EMAIL}`, source: { type: 'text', media_type: 'text/plain', data: 'Hello' } },
            { type: 'search_result', title: `Profile of ${EMAIL}`, source: `https://example.com/u/${EMAIL}`, content: [{ type: 'text', text: 'bio' }] },
          ],
        },
      ],
    });
    const out = scrubRequest(input, 'anthropic', policy('redact')).body;
    expect(JSON.stringify(out)).not.toContain(EMAIL);
    expect((out as typeof input).messages[0]!.content[0]).toMatchObject({ title: 'Letter to [EMAIL_1]', context: 'Sent by [EMAIL_1]' });
  });

  it('never touches tools, images or signed thinking blocks', () => {
    const input = anthropicBody();
    const out = scrubRequest(input, 'anthropic', policy('redact')).body as typeof input;
    expect(out.tools).toBe(input.tools);
    expect(out.messages[0]!.content[1]).toBe(input.messages[0]!.content[1]);
    // Changing thinking text would void its signature, and Anthropic refuses a modified block.
    expect(out.messages[1]!.content[0]).toBe(input.messages[1]!.content[0]);
    expect(JSON.stringify(out.messages[1]!.content[0])).toContain(SIGNATURE);
  });
});

describe('scrubRequest on an embeddings body', () => {
  it('scrubs string inputs and leaves token arrays alone', () => {
    const body = deepFreeze({ model: 'embed', input: [`mail ${EMAIL}`, 'nothing here', [1, 2, 3]] });
    expect(scrubRequest(body, 'embeddings', policy('redact')).body).toEqual({ model: 'embed', input: ['mail [EMAIL_1]', 'nothing here', [1, 2, 3]] });
    expect(scrubRequest(deepFreeze({ model: 'embed', input: EMAIL }), 'embeddings', policy('mask')).body).toEqual({ model: 'embed', input: 'j***@example.com' });
  });
});

describe('summarizeFindings', () => {
  it('is counts by type only, for the log', () => {
    const { findings } = scrubRequest(openAiBody(), 'openai', policy('redact'));
    const summary = summarizeFindings(findings);
    expect(summary).toBe('card=2 email=3 ip=1 phone=1');
    for (const value of [EMAIL, CARD, PHONE, '10.0.0.5']) expect(JSON.stringify({ summary, findings })).not.toContain(value);
  });

  it('is empty when nothing was found', () => {
    expect(summarizeFindings({})).toBe('');
  });
});
