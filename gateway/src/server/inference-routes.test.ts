import { describe, expect, it } from 'vitest';
import { callerShape, matchInferenceRoute } from './inference-routes';

describe('matchInferenceRoute', () => {
  it('matches the fixed paths with and without /v1, a trailing slash and a query', () => {
    expect(matchInferenceRoute('/v1/chat/completions')).toMatchObject({ method: 'POST', endpoint: 'chat' });
    expect(matchInferenceRoute('/messages?beta=true')).toMatchObject({ method: 'POST', shape: 'anthropic', endpoint: 'messages' });
    expect(matchInferenceRoute('/v1/models/')).toEqual({ method: 'GET', shape: 'openai', endpoint: 'models' });
    expect(matchInferenceRoute('/admin/api/config')).toBeUndefined();
  });

  it('matches GET /models/{id} with the id decoded, a provider/model id encoded or not', () => {
    expect(matchInferenceRoute('/v1/models/claude')).toEqual({ method: 'GET', shape: 'openai', endpoint: 'models', modelId: 'claude' });
    expect(matchInferenceRoute('/models/claude/?x=1')?.modelId).toBe('claude');
    // What both SDKs send for `models.retrieve('openai/gpt-4o-mini')`.
    expect(matchInferenceRoute('/v1/models/openai%2Fgpt-4o-mini')?.modelId).toBe('openai/gpt-4o-mini');
    expect(matchInferenceRoute('/v1/models/openai/gpt-4o-mini')?.modelId).toBe('openai/gpt-4o-mini');
    expect(matchInferenceRoute('/v1/models/local/llama3.2%3A8b')?.modelId).toBe('local/llama3.2:8b');
  });

  it('matches POST /responses, and every path below it as a stored response the gateway does not keep', () => {
    expect(matchInferenceRoute('/v1/responses')).toEqual({ method: 'POST', shape: 'openai-responses', endpoint: 'responses' });
    expect(matchInferenceRoute('/responses/')).toMatchObject({ endpoint: 'responses' });
    expect(matchInferenceRoute('/v1/responses/resp_123')).toMatchObject({ shape: 'openai-responses', endpoint: 'stored_response' });
    expect(matchInferenceRoute('/v1/responses/resp_123/input_items?limit=5')).toMatchObject({ endpoint: 'stored_response' });
  });

  it('keeps an id that is not valid percent-encoding as sent, and matches no empty id', () => {
    expect(matchInferenceRoute('/v1/models/bad%E0%A4')?.modelId).toBe('bad%E0%A4');
    expect(matchInferenceRoute('/models//')).toBeUndefined();
  });
});

describe('callerShape', () => {
  it('answers the models endpoints in Anthropic shape when anthropic-version is sent, other paths in their own', () => {
    const models = matchInferenceRoute('/v1/models')!;
    const one = matchInferenceRoute('/v1/models/claude')!;
    const chat = matchInferenceRoute('/v1/chat/completions')!;
    const messages = matchInferenceRoute('/v1/messages')!;
    expect(callerShape(models, {})).toBe('openai');
    expect(callerShape(models, { 'anthropic-version': '2023-06-01' })).toBe('anthropic');
    expect(callerShape(one, { 'anthropic-version': '2023-06-01' })).toBe('anthropic');
    expect(callerShape(chat, { 'anthropic-version': '2023-06-01' })).toBe('openai');
    expect(callerShape(messages, {})).toBe('anthropic');
  });
});
