/**
 * Conditional routes see the request through the facts the pipeline hands the router:
 * metadata (header `x-switchboard-metadata`, body `metadata`, body `user`), the gateway key,
 * the canonical request (tokens, tools, images, last user message).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  default:  { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
  big:      { strategy: single, targets: [ { provider: gemini, model: gemini-2.5-pro } ] }
  smart:
    strategy: conditional
    rules:
      - { when: { promptTokens: { gt: 2000 } }, route: big }
      - { when: { metadata.tier: free }, target: { provider: openai, model: gpt-4.1-nano } }
      - { when: { metadata.project: { in: [apollo, gemini] } }, target: { provider: openai, model: gpt-4.1-mini } }
      - { when: { user: alice }, target: { provider: anthropic, model: claude-opus-4-1 } }
      - { when: { hasImages: true }, target: { provider: gemini, model: gemini-2.5-flash } }
      - { when: { hasTools: true }, target: { provider: openai, model: gpt-4.1 } }
      - { when: { lastUserMessage: { matches: "\\\\bSQL\\\\b", flags: i } }, target: { provider: anthropic, model: claude-sonnet-4-5 } }
      - { when: { and: [ { metadata.env: prod }, { not: { key: master } } ] }, target: { provider: openai, model: gpt-4o } }
      - { when: { or: [ { metadata.env: prod }, { metadata.env: staging } ] }, target: { provider: anthropic, model: claude-haiku-4-5 } }
    default: default
  tooly:
    strategy: conditional
    rules:
      - { when: { hasTools: true }, target: { provider: anthropic, model: claude-sonnet-4-5 } }
    default: default
`,
  });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());

type Params = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'model'>;

async function servedModel(params: Params, headers: Record<string, string> = {}): Promise<string | null> {
  const { response } = await openai.chat.completions.create({ model: 'smart', ...params }, { headers }).withResponse();
  return response.headers.get('x-switchboard-model');
}

const say = (content: string): Params => ({ messages: [{ role: 'user', content }] });

describe('conditional routing over HTTP', () => {
  it("counts a request whose only tools are Anthropic's server tools as having tools", async () => {
    const { response } = await anthropic.messages
      .create({ model: 'tooly', max_tokens: 64, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'news today?' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe('claude-sonnet-4-5');
  });

  it('uses the default when no rule matches', async () => {
    expect(await servedModel(say('hello'))).toBe('gpt-4o-mini');
  });

  it('routes long prompts by estimated tokens', async () => {
    expect(await servedModel(say('lorem ipsum '.repeat(1000)))).toBe('gemini-2.5-pro');
  });

  it('reads metadata from the x-switchboard-metadata header', async () => {
    expect(await servedModel(say('hi'), { 'x-switchboard-metadata': JSON.stringify({ tier: 'free' }) })).toBe('gpt-4.1-nano');
  });

  it('reads metadata from the body', async () => {
    expect(await servedModel({ ...say('hi'), metadata: { project: 'apollo' } })).toBe('gpt-4.1-mini');
  });

  it('reads the end user from the body (OpenAI user, Anthropic metadata.user_id)', async () => {
    expect(await servedModel({ ...say('hi'), user: 'alice' })).toBe('claude-opus-4-1');
    const { response } = await anthropic.messages
      .create({ model: 'smart', max_tokens: 20, metadata: { user_id: 'alice' }, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-switchboard-model')).toBe('claude-opus-4-1');
  });

  it('routes requests with images', async () => {
    const content: OpenAI.Chat.ChatCompletionContentPart[] = [
      { type: 'text', text: 'what is this' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ];
    expect(await servedModel({ messages: [{ role: 'user', content }] })).toBe('gemini-2.5-flash');
  });

  it('routes requests with tools', async () => {
    const tools: OpenAI.Chat.ChatCompletionTool[] = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    expect(await servedModel({ ...say('hi'), tools })).toBe('gpt-4.1');
  });

  it('matches a regex over the last user message', async () => {
    expect(await servedModel(say('write me some sql please'))).toBe('claude-sonnet-4-5');
  });

  it('combines tests with and / not (the gateway key) and or', async () => {
    // The master key is the caller, so `not: { key: master }` fails and the `or` rule decides.
    expect(await servedModel(say('hi'), { 'x-switchboard-metadata': JSON.stringify({ env: 'prod' }) })).toBe('claude-haiku-4-5');
    expect(await servedModel(say('hi'), { 'x-switchboard-metadata': JSON.stringify({ env: 'staging' }) })).toBe('claude-haiku-4-5');
  });
});
