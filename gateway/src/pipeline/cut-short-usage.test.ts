import { describe, expect, it } from 'vitest';
import { emptyUsage } from '../canonical/types';
import { cutShortUsage } from './cut-short-usage';

describe('cutShortUsage', () => {
  it('charges the prompt estimate and a token per event relayed when the provider reported nothing (OpenAI)', () => {
    expect(cutShortUsage(undefined, 120, 7)).toEqual({ ...emptyUsage(), inputTokens: 120, outputTokens: 7 });
  });

  it("keeps the input the provider reported (Anthropic's message_start), cached tokens included", () => {
    const reported = { ...emptyUsage(), inputTokens: 0, cachedInputTokens: 900, outputTokens: 1 };
    expect(cutShortUsage(reported, 120, 12)).toEqual({ ...reported, outputTokens: 12 });
  });

  it("keeps a running output count that is higher than the events (Gemini's cumulative usage)", () => {
    const reported = { ...emptyUsage(), inputTokens: 40, outputTokens: 300 };
    expect(cutShortUsage(reported, 120, 6)).toEqual(reported);
  });
});
