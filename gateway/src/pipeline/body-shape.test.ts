import { describe, expect, it } from 'vitest';
import { bodyShapeOf, normalisedBody } from './body-shape';

const tool = { name: 'read_file', input_schema: { type: 'object' } };

describe('bodyShapeOf at /v1/chat/completions', () => {
  it('reads Responses and Anthropic Messages bodies as what they are', () => {
    expect(bodyShapeOf('openai', { model: 'm', input: 'hi' })).toBe('openai-responses');
    expect(bodyShapeOf('openai', { model: 'm', system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] })).toBe('anthropic');
    expect(bodyShapeOf('openai', { model: 'm', tools: [tool], messages: [{ role: 'user', content: 'hi' }] })).toBe('anthropic');
  });

  it('keeps Chat Completions bodies, and mixed ones with a role only Chat Completions has', () => {
    expect(bodyShapeOf('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toBe('openai');
    expect(bodyShapeOf('openai', { model: 'm', tools: [{ type: 'function', function: { name: 'f' } }], messages: [] })).toBe('openai');
    expect(bodyShapeOf('openai', { model: 'm', system: 'x', messages: [{ role: 'tool', content: 'r', tool_call_id: 'c' }] })).toBe('openai');
  });

  it('never second-guesses the other endpoints', () => {
    expect(bodyShapeOf('anthropic', { model: 'm', input: 'hi' })).toBe('anthropic');
    expect(bodyShapeOf('openai-responses', { model: 'm', system: 'x', messages: [] })).toBe('openai-responses');
  });
});

describe('normalisedBody', () => {
  it("says Cursor's object tool choices as the strings they mean, on a copy", () => {
    const body = { model: 'm', messages: [], tool_choice: { type: 'auto' } };
    expect(normalisedBody('openai', body)).toEqual({ model: 'm', messages: [], tool_choice: 'auto' });
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });

  it('returns the body itself when there is nothing to say differently', () => {
    for (const body of [{ tool_choice: 'auto' }, { tool_choice: { type: 'function', function: { name: 'f' } } }, { tool_choice: { type: 'auto', extra: 1 } }, {}]) {
      expect(normalisedBody('openai', body)).toBe(body);
    }
    const anthropic = { tool_choice: { type: 'auto' } };
    expect(normalisedBody('anthropic', anthropic)).toBe(anthropic);
  });
});
