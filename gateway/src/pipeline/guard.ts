import { compileDetectors, scrubRequest } from '../guardrails';
import type { Findings, RequestShape, Vault } from '../guardrails';
import type { Config } from '../config/schema';
import { piiModeFor } from './route-pii-mode';

/** A request body after the route's PII guardrail ran over it. */
export interface Guarded {
  /** What goes upstream (natively or through translation): scrubbed when the mode says so. */
  body: unknown;
  /** Counts by detector type, for the log; undefined when nothing was found or the guard is off. */
  findings: Findings | undefined;
  /** Set in `restore` mode when something was redacted: put the real values back in the response. */
  restore: Vault | undefined;
}

/**
 * Runs the PII guardrail of the route the body names (the strictest along every route it can
 * reach: `piiModeFor`), on the raw client body, before it is
 * parsed: so native pass-through and translation both send only scrubbed text. Costs nothing
 * when the route has no guardrail. `block` throws a 400 naming what was found, never values.
 * `urlModel`: the model a Gemini call's URL names (its body names none).
 */
export function guardRequest(config: Config, body: unknown, shape: RequestShape, urlModel?: string): Guarded {
  const model = urlModel ?? (typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined);
  const mode = typeof model === 'string' ? piiModeFor(config, model) : 'off';
  if (mode === 'off') return { body, findings: undefined, restore: undefined };
  const result = scrubRequest(body, shape, { mode, detectors: compileDetectors(config.guardrails?.pii) });
  const found = Object.keys(result.findings).length > 0;
  return {
    body: result.body,
    findings: found ? result.findings : undefined,
    restore: mode === 'restore' && result.vault.size > 0 ? result.vault : undefined,
  };
}
