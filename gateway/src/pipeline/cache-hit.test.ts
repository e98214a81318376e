import { describe, expect, it, vi } from 'vitest';
import { emptyUsage } from '../canonical/types';
import type { ChatResponse } from '../canonical/types';
import { anthropicClientFormat } from '../formats/anthropic';
import { openaiClientFormat } from '../formats/openai';
import type { ClientFormat, RenderContext } from '../formats/types';
import { renderedBody } from './cache-hit';

const answer = (id = 'chatcmpl-stored'): ChatResponse => ({
  id,
  model: 'gpt-4o-mini-2024-07-18',
  content: [{ type: 'text', text: 'Hello again.' }],
  finishReason: 'stop',
  usage: { ...emptyUsage(), inputTokens: 12, outputTokens: 3 },
});
const at = (created: number, model = 'gpt-4o-mini-2024-07-18'): RenderContext => ({ model, created, includeUsage: false });
/** A client format whose renders are counted. */
const counted = (format: ClientFormat) => ({ ...format, renderResponse: vi.fn(format.renderResponse) });

describe('renderedBody (JSON cache hits)', () => {
  it('renders a hot answer once per second for a client shape, and gives the bytes a fresh render gives', () => {
    const client = counted(openaiClientFormat);
    const stored = answer();
    const first = renderedBody(client, stored, at(1_800_000_000));
    expect(renderedBody(client, stored, at(1_800_000_000))).toBe(first);
    expect(client.renderResponse).toHaveBeenCalledTimes(1);
    expect(first).toBe(JSON.stringify(openaiClientFormat.renderResponse(stored, at(1_800_000_000))));
    expect(JSON.parse(first)).toMatchObject({ id: 'chatcmpl-stored', created: 1_800_000_000, choices: [{ message: { content: 'Hello again.' } }] });
  });

  it('renders again for a new second, another model name or another client shape', () => {
    const openai = counted(openaiClientFormat);
    const stored = answer();
    renderedBody(openai, stored, at(100));
    expect(JSON.parse(renderedBody(openai, stored, at(101))).created).toBe(101);
    expect(JSON.parse(renderedBody(openai, stored, at(101, 'fast'))).model).toBe('fast');
    expect(openai.renderResponse).toHaveBeenCalledTimes(3);
    const anthropic = JSON.parse(renderedBody(anthropicClientFormat, stored, at(101, 'fast')));
    expect(anthropic).toMatchObject({ type: 'message', id: 'msg_chatcmpl-stored', model: 'fast', content: [{ type: 'text', text: 'Hello again.' }] });
  });

  it('keeps nothing across answers: each stored answer renders its own text', () => {
    const client = counted(openaiClientFormat);
    const other = { ...answer(), content: [{ type: 'text' as const, text: 'Something else.' }] };
    renderedBody(client, answer(), at(100));
    expect(JSON.parse(renderedBody(client, other, at(100))).choices[0].message.content).toBe('Something else.');
  });

  it('gives an answer stored without an id a fresh id on every hit', () => {
    const stored = answer('');
    const ids = [renderedBody(openaiClientFormat, stored, at(100)), renderedBody(openaiClientFormat, stored, at(100))].map((text) => JSON.parse(text).id);
    expect(ids[0]).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
