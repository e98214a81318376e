/**
 * What each provider says is left of its rate limits, from the headers of its last answer:
 * OpenAI's and the OpenAI-compatible servers' `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`
 * (reset as a duration, `6m0s`), and Anthropic's `anthropic-ratelimit-{requests,tokens,input-tokens,
 * output-tokens}-{limit,remaining,reset}` (reset as an RFC 3339 time). Kept per target
 * (`provider/model`: OpenAI limits each model, Anthropic each model class), for the Providers page
 * and `GET /metrics`, and for routing: a target whose last answer said a window is spent is
 * skipped until it refills, when its route has another (routing/executor.ts). An answer without
 * such headers changes nothing.
 */
import type { UpstreamRequest, UpstreamResponse } from './http';

export type QuotaWindowName = 'requests' | 'tokens' | 'input_tokens' | 'output_tokens';

export interface QuotaWindow {
  limit: number | null;
  remaining: number;
  /** Unix ms when the window refills, when the provider said. */
  resetAt: number | null;
}

export interface UpstreamQuota {
  provider: string;
  model: string;
  /** Unix ms of the answer the figures come from. */
  seenAt: number;
  windows: Partial<Record<QuotaWindowName, QuotaWindow>>;
}

/** Targets kept at most; the one heard from longest ago goes first. */
const MAX_TARGETS = 1000;
/** The longest a target is skipped for a spent window before it is tried again. */
const MAX_SKIP_MS = 60_000;
/** A window that names no reset time is shown this long after the answer that stated it. */
const NO_RESET_SHOWN_MS = 10 * 60_000;

/** Each window's header names, made once: a window name, then its limit, remaining and reset headers. */
type WindowHeaders = readonly [QuotaWindowName, string, string, string];
const OPENAI_WINDOWS: readonly WindowHeaders[] = (['requests', 'tokens'] as const).map((name) => [name, `x-ratelimit-limit-${name}`, `x-ratelimit-remaining-${name}`, `x-ratelimit-reset-${name}`] as const);
const ANTHROPIC_WINDOWS: readonly WindowHeaders[] = (
  [
    ['requests', 'requests'],
    ['tokens', 'tokens'],
    ['input_tokens', 'input-tokens'],
    ['output_tokens', 'output-tokens'],
  ] as const
).map(([name, part]) => [name, `anthropic-ratelimit-${part}-limit`, `anthropic-ratelimit-${part}-remaining`, `anthropic-ratelimit-${part}-reset`] as const);

/** A target's window that its provider said is used up, and when it refills. */
export interface SpentWindow {
  window: QuotaWindowName;
  /** Unix ms. */
  until: number;
}

export class UpstreamQuotas {
  private readonly byTarget = new Map<string, UpstreamQuota>();
  /** Targets with a spent window, by `provider/model`: the usual gateway has none, and pays nothing to ask. */
  private readonly spentTargets = new Map<string, SpentWindow>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads an answer's headers (any status: a 429 says most). */
  observe(provider: string, model: string, headers: UpstreamResponse['headers']): void {
    // A few property reads decide it for the usual answer, which carries none of these.
    const openai = headers['x-ratelimit-remaining-requests'] !== undefined || headers['x-ratelimit-remaining-tokens'] !== undefined;
    const anthropic = !openai && ANTHROPIC_WINDOWS.some(([, , remaining]) => headers[remaining] !== undefined);
    if (!openai && !anthropic) return;
    const now = this.now();
    const windows: UpstreamQuota['windows'] = {};
    for (const [name, limit, remaining, reset] of openai ? OPENAI_WINDOWS : ANTHROPIC_WINDOWS) {
      const value = headers[reset];
      const window = quotaWindow(headers[limit], headers[remaining], openai ? resetAfter(value, now) : resetAt(value));
      if (window) windows[name] = window;
    }
    if (Object.keys(windows).length === 0) return;
    const id = `${provider}/${model}`;
    // Re-inserted, so the map's order is oldest first.
    this.byTarget.delete(id);
    this.byTarget.set(id, { provider, model, seenAt: now, windows });
    const spent = spentWindow(windows, now);
    if (spent) this.spentTargets.set(id, spent);
    else this.spentTargets.delete(id);
    if (this.byTarget.size > MAX_TARGETS) {
      const oldest = this.byTarget.keys().next().value as string;
      this.byTarget.delete(oldest);
      this.spentTargets.delete(oldest);
    }
  }

  /**
   * The window its provider last said is used up (0 left) and has not refilled yet, if any: a
   * call now would most likely be refused with a 429. Only windows with a reset time count: one
   * without says nothing about when to try again.
   */
  spent(provider: string, model: string): SpentWindow | undefined {
    if (this.spentTargets.size === 0) return undefined;
    const id = `${provider}/${model}`;
    const spent = this.spentTargets.get(id);
    if (spent === undefined || spent.until > this.now()) return spent;
    this.spentTargets.delete(id);
    return undefined;
  }

  /**
   * Every target heard from, by provider then model. A window whose reset has passed is shown
   * refilled (its whole limit left; dropped when the size is unknown), and one without a reset
   * time only for 10 minutes: after a 429 the next calls may go elsewhere, and nothing would
   * otherwise correct the 0 the last answer said.
   */
  snapshot(): UpstreamQuota[] {
    const now = this.now();
    const out: UpstreamQuota[] = [];
    for (const quota of this.byTarget.values()) {
      const windows: UpstreamQuota['windows'] = {};
      for (const [name, window] of Object.entries(quota.windows) as Array<[QuotaWindowName, QuotaWindow]>) {
        if (window.resetAt === null) {
          if (now - quota.seenAt <= NO_RESET_SHOWN_MS) windows[name] = window;
        } else if (window.resetAt > now) windows[name] = window;
        else if (window.limit !== null) windows[name] = { limit: window.limit, remaining: window.limit, resetAt: null };
      }
      if (Object.keys(windows).length > 0) out.push({ ...quota, windows });
    }
    return out.sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }
}

/**
 * The spent window that refills last (the target is usable again only once all have), skipped for
 * at most a minute: OpenAI's reset is when a window is whole again, and it refills gradually; a
 * clock that runs slow would stretch Anthropic's; and a skipped target says nothing new until it
 * is called. A window whose size is unknown (a server's `limit: 0`) says nothing either.
 */
function spentWindow(windows: UpstreamQuota['windows'], now: number): SpentWindow | undefined {
  let spent: SpentWindow | undefined;
  for (const [name, window] of Object.entries(windows) as Array<[QuotaWindowName, QuotaWindow]>) {
    if (window.remaining > 0 || window.limit === null || window.resetAt === null || window.resetAt <= now) continue;
    if (spent === undefined || window.resetAt > spent.until) spent = { window: name, until: window.resetAt };
  }
  return spent && { window: spent.window, until: Math.min(spent.until, now + MAX_SKIP_MS) };
}

/** The `onResponse` that reads a target's answers into `quotas`, when there are quotas to keep. */
export function quotaReader(quotas: UpstreamQuotas | undefined, provider: string, model: string): UpstreamRequest['onResponse'] {
  return quotas && ((_status, headers) => quotas.observe(provider, model, headers));
}

function quotaWindow(limit: string | string[] | undefined, remaining: string | string[] | undefined, reset: number | null): QuotaWindow | undefined {
  const left = count(remaining);
  if (left === null) return undefined;
  // A window of size 0 says nothing of its size.
  const size = count(limit);
  return { limit: size === 0 ? null : size, remaining: left, resetAt: reset };
}

function count(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** OpenAI's reset: a Go-style duration (`1s`, `6m0s`, `1h2m3.5s`, `20ms`), from now. */
export function resetAfter(value: string | string[] | undefined, now: number): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text)) return null;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    ms += Number(amount) * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1);
  }
  return now + Math.round(ms);
}

/** Anthropic's reset: an RFC 3339 time. */
function resetAt(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string') return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}
