/**
 * Request parameters written the OpenAI way (LiteLLM's `litellm_params`, Portkey's
 * `override_params`) → a target's `params`. The gateway merges `params` into the body it sends
 * in the provider's own shape, so they must carry that provider's names: what Anthropic calls
 * differently is renamed, and what a provider has no field for is noted instead of sent (it
 * would be refused with a 400 on every call).
 */
import type { ImportNote, ProviderSpec } from './types';

/** OpenAI name → Anthropic name, for the parameters Anthropic's Messages API has. */
const ANTHROPIC: Record<string, string> = {
  temperature: 'temperature',
  top_p: 'top_p',
  top_k: 'top_k',
  max_tokens: 'max_tokens',
  max_completion_tokens: 'max_tokens',
  stop: 'stop_sequences',
  thinking: 'thinking',
};

/** `at` is where the parameters sit in the source (`model_list.0.litellm_params`). */
export function providerParams(type: ProviderSpec['type'], params: Record<string, unknown>, at: string, notes: ImportNote[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (type === 'gemini') {
      // Gemini takes these inside generationConfig, which a target's params would replace whole.
      notes.push({ at: `${at}.${key}`, message: 'not mapped for a Gemini target (Gemini reads sampling settings from generationConfig; set them per request)' });
    } else if (type === 'anthropic') {
      const name = ANTHROPIC[key];
      if (name === undefined) notes.push({ at: `${at}.${key}`, message: 'Anthropic has no such parameter: not mapped' });
      else out[name] = name === 'stop_sequences' && typeof value === 'string' ? [value] : value;
    } else if (key === 'thinking') {
      notes.push({ at: `${at}.${key}`, message: 'Anthropic’s extended thinking: an OpenAI-shaped API takes reasoning_effort instead, not mapped' });
    } else {
      out[key] = value;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
