import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../config/schema';
import { answerFormat, readAnswer } from './answer-formats';
import { providerKind, providerKinds } from './kinds';
import type { ProviderKind } from './types';

/** Every kind a configured provider can speak: each type's, the presets', Azure's auth and Responses variants. */
function everyKind(): ProviderKind[] {
  const configs: ProviderConfig[] = [
    { type: 'openai-compatible', preset: 'mistral' } as ProviderConfig,
    { type: 'openai-compatible', preset: 'deepseek' } as ProviderConfig,
    { type: 'azure', auth: 'bearer', nativeResponses: true } as ProviderConfig,
    { type: 'azure', auth: 'entra' } as ProviderConfig,
  ];
  return [...Object.values(providerKinds), ...configs.map(providerKind)];
}

describe('answer formats (the names under which the cache keeps providers’ own answers)', () => {
  it('names the reader of every provider kind and of every native API, so no JSON answer is serialised again on a miss', () => {
    const kinds = everyKind();
    expect(kinds.map((kind) => kind.type)).toEqual(expect.arrayContaining(['openai', 'openai-compatible', 'azure', 'anthropic', 'gemini']));
    for (const kind of kinds) {
      expect(answerFormat(kind.format.parseResponse), kind.type).toBeDefined();
      for (const api of Object.values(kind.nativeApis ?? {})) expect(answerFormat(api.parseResponse), kind.type).toBeDefined();
    }
  });

  it('reads an answer back as the reader it was named after reads it', () => {
    const kind = providerKinds.anthropic;
    const body = {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'Refunds within 30 days.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 12, output_tokens: 7 },
    };
    const format = answerFormat(kind.format.parseResponse);
    expect(readAnswer(format!, JSON.stringify(body))).toEqual(kind.format.parseResponse(body));
  });

  it('reads nothing for a name it does not know or a text that is no answer', () => {
    expect(readAnswer('a-format-since-removed', '{}')).toBeUndefined();
    expect(readAnswer('toString', '{}')).toBeUndefined();
    expect(readAnswer(answerFormat(providerKinds.openai.format.parseResponse)!, 'not json')).toBeUndefined();
  });

  it('reads a text completion kept under its name', () => {
    const body = { id: 'cmpl-1', object: 'text_completion', model: 'gpt-3.5-turbo-instruct', choices: [{ text: ' world', index: 0, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    expect(readAnswer('openai-text-completion', JSON.stringify(body))).toMatchObject({ id: 'cmpl-1', content: [{ type: 'text', text: ' world' }], finishReason: 'stop' });
  });
});
