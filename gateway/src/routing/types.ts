import type { ProviderTarget } from '../config/schema';
import type { Provider } from '../providers/registry';

/** How the executor treats failures of one candidate. */
export interface AttemptPolicy {
  /** Per-attempt timeout (until the full body, or until the first byte of a stream). */
  timeoutMs: number;
  /** Time-to-first-token timeout for streams. */
  ttftTimeoutMs: number;
  retry: { attempts: number; backoffMs: number; maxBackoffMs: number; on: number[] };
  /** Statuses after which the next candidate is tried. Timeouts and network errors always are. */
  fallbackOn: number[];
}

/** One provider model the executor may try, in order. */
export interface Candidate {
  provider: Provider;
  model: string;
  target: ProviderTarget;
  policy: AttemptPolicy;
}

/** The outcome of routing one request: the route that matched and its ordered candidates. */
export interface RoutePlan {
  /** The alias (route name) that matched, or null for `provider/model` pass-through. */
  route: string | null;
  candidates: Candidate[];
  /** Overall deadline for all attempts, in ms. */
  deadlineMs: number;
}
