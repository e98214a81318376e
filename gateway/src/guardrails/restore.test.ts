import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../canonical/types';
import { emptyUsage } from '../canonical/types';
import { restoreJsonText, restoreJsonValue, restoreText } from './restore';
import { restoreChatResponse, restoreResponseBody } from './restore-response';
import { Vault } from './vault';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  v.placeholderFor('EMAIL', 'bob@example.org');
  v.placeholderFor('PRIVATE_KEY', PEM);
  v.placeholderFor('QUOTE', 'say "hi"\\now');
  return v;
}

describe('restoreText', () => {
  it('puts back every placeholder the vault handed out', () => {
    expect(restoreText('To [EMAIL_1], cc [EMAIL_2], again [EMAIL_1].', vault())).toBe('To jane@example.com, cc bob@example.org, again jane@example.com.');
  });

  it('leaves placeholder-shaped text it never handed out as written', () => {
    expect(restoreText('[EMAIL_3] [NOTE_1] [email_1] [EMAIL_1', vault())).toBe('[EMAIL_3] [NOTE_1] [email_1] [EMAIL_1');
  });

  it('is a no-op with an empty vault', () => {
    expect(restoreText('[EMAIL_1]', new Vault())).toBe('[EMAIL_1]');
  });
});

describe('restoring inside JSON', () => {
  it('escapes values that sit inside a JSON string literal', () => {
    const args = '{"key":"[PRIVATE_KEY_1]","note":"[QUOTE_1]","to":"[EMAIL_1]"}';
    expect(JSON.parse(restoreJsonText(args, vault()))).toEqual({ key: PEM, note: 'say "hi"\\now', to: 'jane@example.com' });
  });

  it('restores every string of a parsed value and copies only what changes', () => {
    const input = { to: ['[EMAIL_1]', 'x'], meta: { n: 1, key: '[PRIVATE_KEY_1]' }, untouched: { a: 'b' } };
    const out = restoreJsonValue(input, vault()) as typeof input;
    expect(out).toEqual({ to: ['jane@example.com', 'x'], meta: { n: 1, key: PEM }, untouched: { a: 'b' } });
    expect(out.untouched).toBe(input.untouched);
    expect(input.to[0]).toBe('[EMAIL_1]');
  });
});

describe('restoring whole responses', () => {
  it('restores an OpenAI chat completion: content and tool-call arguments', () => {
    const body = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Mailing [EMAIL_1].', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'send', arguments: '{"key":"[PRIVATE_KEY_1]"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
    const out = restoreResponseBody(body, 'openai', vault()) as typeof body;
    expect(out.choices[0]!.message.content).toBe('Mailing jane@example.com.');
    expect(JSON.parse(out.choices[0]!.message.tool_calls[0]!.function.arguments)).toEqual({ key: PEM });
    expect(out.usage).toBe(body.usage);
  });

  it('restores an Anthropic message: text blocks and tool_use input, not thinking', () => {
    const body = {
      id: 'msg_1',
      type: 'message',
      content: [
        { type: 'thinking', thinking: 'Mail [EMAIL_1]', signature: 'sig' },
        { type: 'text', text: 'Done for [EMAIL_2].' },
        { type: 'tool_use', id: 'toolu_1', name: 'send', input: { to: '[EMAIL_1]' } },
      ],
    };
    const out = restoreResponseBody(body, 'anthropic', vault()) as typeof body;
    expect(out.content).toEqual([body.content[0], { type: 'text', text: 'Done for bob@example.org.' }, { type: 'tool_use', id: 'toolu_1', name: 'send', input: { to: 'jane@example.com' } }]);
  });

  it('restores a canonical response on the translated path', () => {
    const response: ChatResponse = {
      id: 'r1',
      model: 'm',
      finishReason: 'stop',
      usage: emptyUsage(),
      content: [
        { type: 'text', text: 'Hi [EMAIL_1]' },
        { type: 'tool-call', id: 'c1', name: 'send', arguments: '{"note":"[QUOTE_1]"}' },
        { type: 'thinking', text: '[EMAIL_2]', signature: 's' },
      ],
    };
    expect(restoreChatResponse(response, vault()).content).toEqual([
      { type: 'text', text: 'Hi jane@example.com' },
      { type: 'tool-call', id: 'c1', name: 'send', arguments: '{"note":"say \\"hi\\"\\\\now"}' },
      { type: 'thinking', text: '[EMAIL_2]', signature: 's' },
    ]);
  });
});

describe('Vault.conceal', () => {
  it('puts the placeholders back over the values, as written and as escaped in JSON', () => {
    const restored = JSON.stringify({ text: `to jane@example.com: ${PEM} and say "hi"\\now` });
    const concealed = vault().conceal(restored);
    expect(concealed).toBe(JSON.stringify({ text: 'to [EMAIL_1]: [PRIVATE_KEY_1] and [QUOTE_1]' }));
    expect(restoreJsonText(concealed, vault())).toBe(restored);
  });

  it('hides a value cut off at the end of a capped log, and leaves short common tails alone', () => {
    expect(vault().conceal('mail jane@exam')).toBe('mail [EMAIL_1]');
    expect(vault().conceal('ask bob')).toBe('ask bob');
  });
});

describe('Vault.conceal in tool-call arguments (JSON inside a JSON string)', () => {
  it('puts the placeholder back over a value escaped twice, whole or cut off at the end', () => {
    const args = JSON.stringify({ key: PEM });
    const logged = JSON.stringify({ tool_calls: [{ function: { name: 'store', arguments: args } }] });
    const concealed = vault().conceal(logged);
    expect(concealed).toBe(JSON.stringify({ tool_calls: [{ function: { name: 'store', arguments: JSON.stringify({ key: '[PRIVATE_KEY_1]' }) } }] }));
    const cut = JSON.stringify({ content: PEM }).slice(0, 40);
    expect(vault().conceal(cut)).toBe('{"content":"[PRIVATE_KEY_1]');
  });
});
