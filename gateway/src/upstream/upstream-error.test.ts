import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { ProviderRegistry } from '../providers/registry';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { Cancellation } from './cancel';
import type { UpstreamResponse } from './http';
import { readUpstreamError } from './upstream-error';

// A base64-style key, as some OpenAI-compatible servers issue: it holds `/` and `+`.
const KEY = 'sb9Q/Zx+7kLmN0pQ/rS+tUvW==';

function provider() {
  const config = parseConfig(`
providers:
  echo: { type: openai-compatible, apiKey: env:ECHO_KEY, baseUrl: "http://127.0.0.1:9/v1" }
`);
  const registry = new ProviderRegistry(new MemorySecretStore(), { ECHO_KEY: KEY });
  registry.apply(config);
  return registry.get('echo')!;
}

function response(status: number, text: string): UpstreamResponse {
  return { statusCode: status, headers: {}, body: { text: async () => text } as unknown as UpstreamResponse['body'] };
}

describe('readUpstreamError: a provider that echoes the key it was sent', () => {
  it.each([
    ['as it is', KEY],
    ['JSON-escaped like PHP (\\/ for /)', KEY.replaceAll('/', '\\/')],
    ['JSON-escaped like .NET (\\u002B for +)', KEY.replaceAll('+', '\\u002B')],
  ])('%s: the message keeps its words and loses the key', async (_, echoed) => {
    const body = `{"error":{"message":"Incorrect API key provided: ${echoed}","type":"invalid_request_error","code":"invalid_api_key"}}`;
    const error = await readUpstreamError(provider(), response(401, body), new Cancellation());
    expect(error.status).toBe(401);
    expect(error.message).toBe('Incorrect API key provided: [redacted]');
  });
});
