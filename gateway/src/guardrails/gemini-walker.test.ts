import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { compileDetectors } from './policy';
import type { PiiMode } from './policy';
import { restoreResponseBody } from './restore-response';
import { scrubRequest } from './scrub-request';

const policy = (mode: PiiMode) => ({ mode, detectors: compileDetectors(undefined) });

const EMAIL = 'jane.doe@example.com';
const CARD = '4242 4242 4242 4242';
const SIGNATURE = 'CiQB0e2Kb8Zy1mQ2YgZ3bXc9kT0l2h8xVwZ3cHlXbnRlc3Q=';
const IMAGE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// Shaped like what Gemini CLI sends on its third turn: setup context, a tool round trip, thoughts on.
const geminiCliBody = () => ({
  contents: [
    { role: 'user', parts: [{ text: `This is the Gemini CLI. I'm currently working in the directory: /home/jane/billing. Contact: ${EMAIL}` }] },
    { role: 'model', parts: [{ text: 'Got it. Thanks for the context!' }] },
    { role: 'user', parts: [{ text: `Charge card ${CARD} and mail the receipt` }, { inlineData: { mimeType: 'image/png', data: IMAGE } }] },
    {
      role: 'model',
      parts: [
        { text: `**Planning the charge**\n\nThe user ${EMAIL} wants a receipt.`, thought: true },
        { functionCall: { id: 'call-1', name: 'send_receipt', args: { to: EMAIL, card: 4242424242424242, cc: [EMAIL], copies: 2 } }, thoughtSignature: SIGNATURE },
      ],
    },
    { role: 'user', parts: [{ functionResponse: { id: 'call-1', name: 'send_receipt', response: { output: `Receipt sent to ${EMAIL}` } } }] },
  ],
  systemInstruction: { role: 'user', parts: [{ text: `You are an interactive CLI agent. The user is ${EMAIL}.` }] },
  tools: [{ functionDeclarations: [{ name: 'send_receipt', description: `Mail a receipt, e.g. to ${EMAIL}`, parametersJsonSchema: { type: 'object' } }] }],
  generationConfig: { temperature: 0, topP: 1, thinkingConfig: { includeThoughts: true, thinkingBudget: -1 } },
});

type Body = ReturnType<typeof geminiCliBody>;

describe('scrubRequest on a Gemini generateContent body', () => {
  it('redacts system instruction, text, function call args and function responses', () => {
    const { body, findings } = scrubRequest(geminiCliBody(), 'gemini', policy('redact'));
    const out = body as Body;
    expect(out.systemInstruction).toEqual({ role: 'user', parts: [{ text: 'You are an interactive CLI agent. The user is [EMAIL_1].' }] });
    expect(out.contents[0]!.parts[0]).toEqual({ text: "This is the Gemini CLI. I'm currently working in the directory: /home/jane/billing. Contact: [EMAIL_1]" });
    expect(out.contents[2]!.parts[0]).toEqual({ text: 'Charge card [CARD_1] and mail the receipt' });
    // The card sent as a JSON number becomes a string placeholder; the signature stays on its part.
    expect(out.contents[3]!.parts[1]).toEqual({
      functionCall: { id: 'call-1', name: 'send_receipt', args: { to: '[EMAIL_1]', card: '[CARD_2]', cc: ['[EMAIL_1]'], copies: 2 } },
      thoughtSignature: SIGNATURE,
    });
    expect(out.contents[4]!.parts[0]).toEqual({ functionResponse: { id: 'call-1', name: 'send_receipt', response: { output: 'Receipt sent to [EMAIL_1]' } } });
    // Thought summaries too: Gemini signs no text, and a client may mark any part a thought.
    expect(out.contents[3]!.parts[0]).toEqual({ text: '**Planning the charge**\n\nThe user [EMAIL_1] wants a receipt.', thought: true });
    expect(findings).toEqual({ email: 6, card: 2 });
  });

  it('reads the snake_case spelling Google’s parser takes too, sending the scrubbed body in camelCase', () => {
    const snake = {
      system_instruction: { parts: [{ text: `Owner ${EMAIL}` }] },
      contents: [
        { role: 'model', parts: [{ function_call: { name: 'mail', args: { to: EMAIL } }, thought_signature: SIGNATURE }] },
        { role: 'user', parts: [{ function_response: { name: 'mail', response: { output: `sent to ${EMAIL}` } } }] },
      ],
    };
    expect(scrubRequest(snake, 'gemini', policy('redact')).body).toEqual({
      systemInstruction: { parts: [{ text: 'Owner [EMAIL_1]' }] },
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'mail', args: { to: '[EMAIL_1]' } }, thoughtSignature: SIGNATURE }] },
        { role: 'user', parts: [{ functionResponse: { name: 'mail', response: { output: 'sent to [EMAIL_1]' } } }] },
      ],
    });
    expect(() => scrubRequest(snake, 'gemini', policy('block'))).toThrow(GatewayError);
    // Nothing found: the client's own body, spelling and all.
    const clean = { system_instruction: { parts: [{ text: 'Be brief.' }] }, contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    expect(scrubRequest(clean, 'gemini', policy('redact')).body).toBe(clean);
  });

  it('never touches tools, config or inline data, nor the input', () => {
    const input = geminiCliBody();
    const before = JSON.stringify(input);
    const out = scrubRequest(input, 'gemini', policy('redact')).body as Body;
    expect(JSON.stringify(input)).toBe(before);
    expect(out.tools).toBe(input.tools);
    expect(out.generationConfig).toBe(input.generationConfig);
    expect(out.contents[1]).toBe(input.contents[1]);
    expect(out.contents[2]!.parts[1]).toBe(input.contents[2]!.parts[1]);
  });

  it('takes a system instruction as a bare string or as parts without a role', () => {
    const scrub = (systemInstruction: unknown) => (scrubRequest({ contents: [], systemInstruction }, 'gemini', policy('redact')).body as { systemInstruction: unknown }).systemInstruction;
    expect(scrub(`Owner ${EMAIL}`)).toBe('Owner [EMAIL_1]');
    expect(scrub({ parts: [{ text: `Owner ${EMAIL}` }] })).toEqual({ parts: [{ text: 'Owner [EMAIL_1]' }] });
  });

  it('blocks with a 400 pointing at the first field with a finding', () => {
    let caught: unknown;
    try {
      scrubRequest({ contents: geminiCliBody().contents.slice(1) }, 'gemini', policy('block'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ status: 400, code: 'pii_blocked', param: 'contents.1.parts.0.text' });
    expect((caught as GatewayError).message).toBe('Request blocked by PII guardrail: found card, email');
  });

  it('restores the answer body: text and function call args, not thoughts', () => {
    const { vault } = scrubRequest(geminiCliBody(), 'gemini', policy('restore'));
    const answer = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Mailing [EMAIL_1] now', thought: true },
              { text: 'Sending to [EMAIL_1].' },
              { functionCall: { name: 'send_receipt', args: { to: '[EMAIL_1]', card: '[CARD_2]' } }, thoughtSignature: SIGNATURE },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 20, totalTokenCount: 140 },
      modelVersion: 'gemini-2.5-pro',
    };
    const restored = restoreResponseBody(answer, 'gemini', vault) as typeof answer;
    const [thought, text, call] = restored.candidates[0]!.content.parts;
    expect(thought).toBe(answer.candidates[0]!.content.parts[0]);
    expect(text).toEqual({ text: `Sending to ${EMAIL}.` });
    expect(call).toEqual({ functionCall: { name: 'send_receipt', args: { to: EMAIL, card: '4242424242424242' } }, thoughtSignature: SIGNATURE });
    expect(restored.usageMetadata).toBe(answer.usageMetadata);
  });
});
