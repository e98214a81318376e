import { describe, expect, it } from 'vitest';
import { responsesTargetParams } from './target-params';

describe('responsesTargetParams', () => {
  it("writes a target's chat-named params as the Responses API names them, and leaves out what it does not take", () => {
    const raw = { model: 'm', input: 'x', reasoning: { summary: 'auto' }, text: { format: { type: 'text' } } };
    expect(responsesTargetParams({ temperature: 0, max_tokens: 500, reasoning_effort: 'high', verbosity: 'low', stop: ['END'], seed: 7, frequency_penalty: 1 }, raw)).toEqual({
      temperature: 0,
      max_output_tokens: 500,
      reasoning: { summary: 'auto', effort: 'high' },
      text: { format: { type: 'text' }, verbosity: 'low' },
    });
  });
});
