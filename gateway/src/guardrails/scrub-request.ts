import { GatewayError } from '../errors/gateway-error';
import { walkGemini } from './gemini-walker';
import type { PiiPolicy } from './policy';
import { walkAnthropicMessages, walkCompletions, walkEmbeddings, walkOpenAiChat } from './request-walkers';
import { walkResponses } from './responses-walker';
import { LiteralReserver, Scrubber } from './text-visitor';
import type { Findings, TextVisitor } from './text-visitor';
import { Vault } from './vault';

/** The request shapes scrubRequest understands: the client's, before any translation. */
export type RequestShape = 'openai' | 'anthropic' | 'openai-responses' | 'gemini' | 'embeddings' | 'completions';

export interface ScrubResult {
  /**
   * The body to send on (natively or to the parser). Never the mutated input: a rewritten
   * copy that shares untouched parts with it, or the input itself when nothing changed.
   */
  body: unknown;
  findings: Findings;
  /** Placeholders → real values; empty unless the mode is redact or restore and something was found. */
  vault: Vault;
}

const walkers: Record<RequestShape, (body: unknown, visitor: TextVisitor) => unknown> = {
  openai: walkOpenAiChat,
  anthropic: walkAnthropicMessages,
  'openai-responses': walkResponses,
  gemini: walkGemini,
  embeddings: walkEmbeddings,
  completions: walkCompletions,
};

/**
 * Scrubs a raw client request body according to the route's mode. `off` (or no detectors)
 * does no work at all. `block` throws a 400 GatewayError naming what was found, never the
 * values.
 */
export function scrubRequest(body: unknown, shape: RequestShape, policy: PiiPolicy): ScrubResult {
  const vault = new Vault();
  if (policy.mode === 'off' || policy.detectors.empty) return { body, findings: {}, vault };
  const walk = walkers[shape];
  // Only restore maps placeholders back, so only there must a client's own `[EMAIL_1]` (in a
  // template) never name a real value. In redact mode such text is almost always a placeholder
  // of an earlier turn that the model echoed and the client sent back: reserving it would move
  // the same value to `[EMAIL_2]` and make the conversation contradict itself.
  if (policy.mode === 'restore') walk(body, new LiteralReserver(vault));
  const scrubber = new Scrubber(policy.detectors, policy.mode, vault);
  const scrubbed = walk(body, scrubber);
  if (policy.mode === 'block' && scrubber.firstPath !== undefined) throw piiBlocked(scrubber.findings, scrubber.firstPath);
  return { body: scrubbed, findings: scrubber.findings, vault };
}

function piiBlocked(findings: Findings, path: string): GatewayError {
  return new GatewayError('invalid_request', `Request blocked by PII guardrail: found ${Object.keys(findings).join(', ')}`, {
    code: 'pii_blocked',
    param: path,
    retryable: false,
  });
}

/** The findings as one log-safe line, `card=1 email=2`; '' when nothing was found. */
export function summarizeFindings(findings: Findings): string {
  return Object.keys(findings)
    .sort()
    .map((type) => `${type}=${findings[type]}`)
    .join(' ');
}
