/**
 * Azure OpenAI's content filter, as each client shape sees it. A prompt the filter refuses is a 400
 * `content_filter` whose `innererror.content_filter_result` names the categories (the fake sends
 * Azure's body as reported in openai/openai-python#331 and Gitlawb/openclaude#273); an answer the
 * output filter stops ends with `finish_reason: "content_filter"`.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkClients, standardConfig, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

// `filtered` lets a refused prompt go on to Claude; `strict` (a chain without content_filter) does not.
const routes = `  filtered:
    strategy: fallback
    fallbackOn: [429, 500, 502, 503, 504, content_filter]
    targets: [ { provider: azure, model: prod-gpt4o }, { provider: anthropic, model: claude-sonnet-4-5 } ]
  claude-first:
    strategy: fallback
    fallbackOn: [429, 500, 502, 503, 504, content_filter]
    targets: [ { provider: anthropic, model: claude-sonnet-4-5 }, { provider: openai, model: gpt-4o-mini } ]
  strict:
    strategy: fallback
    targets: [ { provider: azure, model: prod-gpt4o }, { provider: anthropic, model: claude-sonnet-4-5 } ]
`;

beforeAll(async () => {
  h = await startHarness({ config: (fakes) => standardConfig(fakes, routes) });
  ({ openai, anthropic } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const refusePrompt = (): void =>
  h.openai.enqueue({ kind: 'error', status: 400, code: 'content_filter', contentFilter: { hate: { filtered: true, severity: 'medium' }, jailbreak: { filtered: true, detected: true } } });

describe('a prompt refused by Azure’s content filter', () => {
  it('tells an OpenAI client which categories were filtered, keeping Azure’s code and param', async () => {
    refusePrompt();
    const error = await openai.chat.completions.create({ model: 'az', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'content_filter', param: 'prompt' });
    expect((error as Error).message).toContain("triggering Azure OpenAI's content management policy");
    expect((error as Error).message).toContain('(filtered: hate (medium), jailbreak)');
  });

  it('tells an Anthropic client the same, as an invalid_request_error', async () => {
    refusePrompt();
    const error = await anthropic.messages.create({ model: 'az', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('(filtered: hate (medium), jailbreak)') },
    });
  });

  it('tells a Responses client the same', async () => {
    refusePrompt();
    const error = await openai.responses.create({ model: 'az', input: 'hi' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'content_filter' });
    expect((error as Error).message).toContain('(filtered: hate (medium), jailbreak)');
  });

  it('is told the same way when the client streams', async () => {
    refusePrompt();
    const error = await anthropic.messages.create({ model: 'az', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('(filtered: hate (medium), jailbreak)');
  });
});

describe('an answer stopped by Azure’s output filter (finish_reason "content_filter")', () => {
  it('is a refusal for an Anthropic client, streamed or not', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'Partial', finishReason: 'content_filter' });
    const message = await anthropic.messages.create({ model: 'az', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.stop_reason).toBe('refusal');
    h.openai.enqueue({ kind: 'reply', text: 'Partial', finishReason: 'content_filter' });
    const streamed = await anthropic.messages.stream({ model: 'az', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(streamed.stop_reason).toBe('refusal');
  });

  it('is an incomplete response, for the content filter, for a Responses client', async () => {
    h.openai.enqueue({ kind: 'reply', text: 'Partial', finishReason: 'content_filter' });
    const response = await openai.responses.create({ model: 'az', input: 'hi' });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'content_filter' });
  });
});

describe('a route whose fallbackOn lists content_filter', () => {
  it('sends a prompt Azure’s filter refused on to its next target, and logs both attempts', async () => {
    refusePrompt();
    h.anthropic.enqueue({ kind: 'reply', text: 'Answered by Claude' });
    const answer = await openai.chat.completions.create({ model: 'filtered', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(answer.data.choices[0]?.message.content).toBe('Answered by Claude');
    expect(answer.response.headers.get('x-switchboard-provider')).toBe('anthropic');
    expect(answer.response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(h.openai.requests).toHaveLength(1);
  });

  it('does not on a route that leaves content_filter out: the refusal is the answer, and the next target never sees the prompt', async () => {
    refusePrompt();
    const error = await openai.chat.completions.create({ model: 'strict', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'content_filter' });
    expect(h.anthropic.requests).toHaveLength(0);
  });

  it('takes Anthropic’s “Output blocked by content filtering policy” as such a refusal too', async () => {
    h.anthropic.enqueue({ kind: 'error', status: 400, message: 'Output blocked by content filtering policy' });
    h.openai.enqueue({ kind: 'reply', text: 'Answered by GPT' });
    const message = await anthropic.messages.create({ model: 'claude-first', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Answered by GPT' })]);
  });

  it('answers with the last refusal when every target refuses', async () => {
    refusePrompt();
    h.anthropic.enqueue({ kind: 'error', status: 400, message: 'Output blocked by content filtering policy' });
    const error = await anthropic.messages.create({ model: 'filtered', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain('content filtering policy');
  });
});
