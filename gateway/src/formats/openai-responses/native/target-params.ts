import { isObject } from '../../json-object';

/** Chat-completions names of a target's `params` with the same meaning in the Responses API under another name. */
const RENAMED: Readonly<Record<string, string>> = { max_tokens: 'max_output_tokens', max_completion_tokens: 'max_output_tokens' };

/** Names both APIs share, with one meaning. */
const SHARED = new Set(['temperature', 'top_p', 'parallel_tool_calls', 'metadata', 'user', 'store', 'service_tier', 'prompt_cache_key', 'safety_identifier', 'top_logprobs']);

/**
 * A target's forced `params` (written in OpenAI's chat names, as for every call to an OpenAI
 * target) as members of a native Responses body: shared names as they are, `max_tokens` /
 * `max_completion_tokens` as `max_output_tokens`, `reasoning_effort` into `reasoning.effort` and
 * `verbosity` into `text.verbosity` (kept beside what the body already has there). Chat-only
 * names (`stop`, `seed`, penalties, `n`, `response_format`…) are left out: OpenAI refuses them
 * on this endpoint, which would fail every call to the target.
 */
export function responsesTargetParams(params: Readonly<Record<string, unknown>>, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (SHARED.has(name)) out[name] = value;
    else if (Object.hasOwn(RENAMED, name)) out[RENAMED[name] as string] = value;
    else if (name === 'reasoning_effort') out.reasoning = Object.assign({}, isObject(raw.reasoning) ? raw.reasoning : {}, { effort: value });
    else if (name === 'verbosity') out.text = Object.assign({}, isObject(raw.text) ? raw.text : {}, { verbosity: value });
  }
  return out;
}
