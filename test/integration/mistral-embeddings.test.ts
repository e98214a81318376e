/**
 * Embeddings from Mistral's API through the gateway, driven by the OpenAI SDK. The stand-in keeps
 * to what api.mistral.ai does: its request takes `model`, `input`, `encoding_format`,
 * `output_dimension`, `output_dtype` and `metadata` (docs.mistral.ai/api/endpoint/embeddings) and
 * refuses any other field with extra_forbidden, `dimensions` included (garrytan/gbrain#3001,
 * measured against the live API); `output_dimension` sizes codestral-embed's vectors (up to 3072,
 * 1536 by default) and mistral-embed, always 1024 long, refuses it.
 */
import type OpenAI from 'openai';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';
import { refusedAsMistral, replyJson as reply, startStandIn } from './stand-in';
import type { StandIn } from './stand-in';

const FIELDS = new Set(['model', 'input', 'encoding_format', 'output_dimension', 'output_dtype', 'metadata']);
const received: Record<string, unknown>[] = [];

function answerEmbeddings(body: Record<string, unknown>, res: ServerResponse): void {
  if (refusedAsMistral(body, FIELDS, res)) return;
  if (body.model === 'mistral-embed' && body.output_dimension !== undefined) {
    reply(res, 400, { object: 'error', message: 'Model mistral-embed does not support output_dimension.', type: 'invalid_request_error', param: null, code: '3051' });
    return;
  }
  // The gateway asks an OpenAI-compatible server for floats; what Mistral's base64 holds is not modelled here.
  if (body.encoding_format !== undefined && body.encoding_format !== 'float') {
    reply(res, 400, { object: 'error', message: `stand-in: encoding_format ${String(body.encoding_format)} is not modelled`, type: 'invalid_request_error', param: null, code: null });
    return;
  }
  const size = typeof body.output_dimension === 'number' ? body.output_dimension : body.model === 'codestral-embed' ? 1536 : 1024;
  const input = Array.isArray(body.input) ? body.input : [body.input];
  const data = input.map((_text, index) => ({ object: 'embedding', index, embedding: Array.from({ length: size }, (_v, i) => (i % 4) / 4) }));
  reply(res, 200, { id: 'emb-1', object: 'list', data, model: body.model, usage: { prompt_tokens: 4, total_tokens: 4, completion_tokens: 0 } });
}

let mistral: StandIn;
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  mistral = await startStandIn((req, body, res) => {
    received.push(body);
    if (req.url === '/v1/embeddings') answerEmbeddings(body, res);
    else reply(res, 404, { detail: 'Not Found' });
  });
  const url = `${mistral.origin}/v1`;
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}  mistral: { type: openai-compatible, preset: mistral, apiKey: env:TEST_LOCAL_KEY, baseUrl: ${url} }
routes:
  code-embed: { strategy: single, targets: [ { provider: mistral, model: codestral-embed } ] }
  text-embed: { strategy: single, targets: [ { provider: mistral, model: mistral-embed } ] }
`,
  });
  ({ openai } = sdkClients(h));
});
afterAll(async () => {
  await h.close();
  await mistral.close();
});
beforeEach(() => {
  received.length = 0;
});

describe('Mistral embeddings for an OpenAI client', () => {
  it("sends dimensions as Mistral's output_dimension, and the SDK's default base64 decodes to vectors of that size", async () => {
    const reply = await openai.embeddings.create({ model: 'code-embed', input: ['def f(): pass', 'fn main() {}'], dimensions: 256 });
    expect(reply.data.map((item) => item.embedding.length)).toEqual([256, 256]);
    expect(reply.data[0]?.embedding.slice(0, 4)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(received[0]).toMatchObject({ model: 'codestral-embed', output_dimension: 256, encoding_format: 'float' });
    expect(received[0]).not.toHaveProperty('dimensions');
  });

  it("leaves out the client's user, which Mistral has no field for", async () => {
    const reply = await openai.embeddings.create({ model: 'code-embed', input: 'x', user: 'alice', encoding_format: 'float' });
    expect(reply.data[0]?.embedding).toHaveLength(1536);
    expect(received[0]).not.toHaveProperty('user');
  });

  it("passes on Mistral's own refusal when the model has a fixed size", async () => {
    const error = await openai.embeddings.create({ model: 'text-embed', input: 'x', dimensions: 256 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('does not support output_dimension') });
  });
});
