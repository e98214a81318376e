import { describe, expect, it } from 'vitest';
import { modelCapabilities } from './model-capabilities';

describe('modelCapabilities', () => {
  it.each([
    ['claude-3-5-sonnet-20241022', false, false, true],
    ['claude-sonnet-4-20250514', false, false, true],
    ['claude-opus-4-1-20250805', false, false, true],
    ['claude-sonnet-4-5-20250929', false, true, true],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', false, true, true],
    ['claude-sonnet-4-6', true, true, true],
    ['claude-opus-4-7', true, true, false],
    ['claude-fable-5-2', true, true, false],
    ['claude-mythos-preview', true, true, false],
    ['glm-4.6', false, false, true],
  ])('%s: adaptive thinking %s, structured outputs %s, sampling %s', (model, adaptiveThinking, structuredOutputs, samplingParameters) => {
    expect(modelCapabilities(model)).toMatchObject({ adaptiveThinking, structuredOutputs, samplingParameters });
  });

  it.each([
    ['claude-2.1', 4096],
    ['claude-3-haiku-20240307', 4096],
    ['claude-3-opus-latest', 4096],
    ['claude-3-5-sonnet-20241022', 8192],
    ['claude-3-7-sonnet-latest', undefined],
    ['claude-opus-4-20250514', 32000],
    ['claude-opus-4-1-20250805', 32000],
    ['claude-sonnet-4-20250514', undefined],
    ['claude-opus-4-5', undefined],
    ['claude-sonnet-4-5-20250929', undefined],
    ['claude-mythos-preview', undefined],
    ['glm-4.6', undefined],
  ])('%s: max_tokens capped at %s', (model, maxOutputTokens) => {
    expect(modelCapabilities(model).maxOutputTokens).toBe(maxOutputTokens);
    // Exactly the models with a cap at or under the default cannot think.
    expect(modelCapabilities(model).thinking).toBe(maxOutputTokens === undefined || maxOutputTokens > 8192);
  });
});
