import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers a native Anthropic caller chose that must reach Anthropic unchanged: the API version
 * it speaks (the SDK's, not a default) and the betas it opted into. Both `/v1/messages` and
 * `/v1/messages/count_tokens` depend on them: a beta tool or feature is only counted, or
 * accepted, under its beta header.
 */
export const ANTHROPIC_PASSTHROUGH = ['anthropic-version', 'anthropic-beta'] as const;

/** `base` (the provider's headers), or a copy of it with the caller's Anthropic headers laid over. */
export function withAnthropicClientHeaders(base: Record<string, string>, client: IncomingHttpHeaders): Record<string, string> {
  let own: Record<string, string> | undefined;
  for (const name of ANTHROPIC_PASSTHROUGH) {
    const value = client[name];
    if (typeof value !== 'string') continue;
    own ??= Object.assign({}, base);
    own[name] = value;
  }
  return own ?? base;
}
