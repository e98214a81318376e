import { emptyUsage, type Usage } from '../canonical/types';

/**
 * What a stream that ended early (the client left, the provider failed or went silent) is
 * charged: the provider bills what it generated, but OpenAI-shaped streams report usage only in
 * their last chunk, and Anthropic's output count arrives at the end too. Without this such a
 * call would cost nothing, and a client could read most of an answer, hang up before the usage
 * chunk, and spend neither budget nor tokens per minute.
 *
 * The estimate keeps whatever the provider did report, and fills in the rest: the prompt
 * estimate when no input was reported, and about one output token per event relayed (OpenAI
 * sends about a token per chunk, Anthropic a few per delta; a few framing events count too).
 */
export function cutShortUsage(reported: Usage | undefined, promptTokens: number, events: number): Usage {
  const usage = reported ? { ...reported } : emptyUsage();
  if (usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens === 0) usage.inputTokens = promptTokens;
  usage.outputTokens = Math.max(usage.outputTokens, events);
  return usage;
}
