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

describe('matchInferenceRoute: Gemini', () => {
  it('matches the methods on a model, under v1beta and v1, the model taken from the path', () => {
    expect(matchInferenceRoute('/v1beta/models/gemini-2.5-pro:generateContent')).toEqual({ method: 'POST', shape: 'gemini', endpoint: 'generate_content', stream: false, modelId: 'gemini-2.5-pro' });
    expect(matchInferenceRoute('/v1/models/gem:streamGenerateContent?alt=sse')).toEqual({ method: 'POST', shape: 'gemini', endpoint: 'generate_content', stream: true, modelId: 'gem', alt: 'sse' });
    expect(matchInferenceRoute('/v1beta/models/gem:countTokens')).toMatchObject({ shape: 'gemini', endpoint: 'count_tokens', modelId: 'gem' });
  });

  it('splits at the last colon and decodes the model, so provider/model ids and tags survive', () => {
    expect(matchInferenceRoute('/v1beta/models/local%2Fllama3.2:8b:generateContent')?.modelId).toBe('local/llama3.2:8b');
    expect(matchInferenceRoute('/v1beta/models/openai/gpt-4o:generateContent')?.modelId).toBe('openai/gpt-4o');
  });

  it('lists models under /v1beta in Gemini’s shape, and under /v1 in OpenAI’s', () => {
    expect(matchInferenceRoute('/v1beta/models?pageSize=50')).toEqual({ method: 'GET', shape: 'gemini', endpoint: 'models' });
    expect(matchInferenceRoute('/v1beta/models/gem')).toEqual({ method: 'GET', shape: 'gemini', endpoint: 'models', modelId: 'gem' });
    expect(matchInferenceRoute('/v1/models')?.shape).toBe('openai');
  });

  it('reads the key from ?key=, and leaves other model paths to the models endpoint', () => {
    expect(matchInferenceRoute('/v1beta/models/gem:generateContent?key=sk-sb-1&alt=json')).toMatchObject({ queryKey: 'sk-sb-1', alt: 'json' });
    expect(matchInferenceRoute('/v1beta/models/gem:generateContent?key=')?.queryKey).toBeUndefined();
    expect(matchInferenceRoute('/v1/models/local/llama3.2:8b')).toMatchObject({ method: 'GET', endpoint: 'models', modelId: 'local/llama3.2:8b' });
    expect(matchInferenceRoute('/v1beta/models/gem:embedContent')).toMatchObject({ endpoint: 'embeddings', shape: 'gemini', batch: false, modelId: 'gem' });
    expect(matchInferenceRoute('/v1beta/models/gem:batchEmbedContents')).toMatchObject({ endpoint: 'embeddings', batch: true });
    expect(matchInferenceRoute('/v1beta/models/gem:predict')).toMatchObject({ endpoint: 'models', shape: 'gemini' });
    expect(matchInferenceRoute('/v1beta/models/:generateContent')).toMatchObject({ endpoint: 'models' });
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

  it("answers the models endpoints in Gemini's shape to Google's SDKs, which list under /v1 too", () => {
    const models = matchInferenceRoute('/v1/models')!;
    expect(callerShape(models, { 'x-goog-api-client': 'google-genai-sdk/3.6.1 gl-node/v20.20.2' })).toBe('gemini');
    expect(callerShape(models, { 'x-goog-api-key': 'sk-sb-1' })).toBe('gemini');
    expect(callerShape(matchInferenceRoute('/v1beta/models')!, {})).toBe('gemini');
  });
});
