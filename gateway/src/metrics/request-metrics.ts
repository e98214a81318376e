/**
 * Counters and histograms of the calls the gateway answered, for `GET /metrics`: fed one log
 * record at a time (the same record the request log keeps), held in memory, counted from the
 * process's start as Prometheus expects of counters.
 */
import { clientApp, UNKNOWN_APP } from '../admin/client-app';
import type { LogRecord } from '../store/log-types';
import type { Exposition, Labels } from './exposition';

/** Seconds; model calls run from a fraction of a second to minutes. */
export const DURATION_BOUNDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300] as const;
export const TTFT_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 60] as const;
/** Seconds; the gateway's own share of a call is a fraction of a millisecond unless something is wrong. */
export const OVERHEAD_BOUNDS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] as const;

/**
 * Series per family at most. The model and the app are named by callers (a wildcard route
 * passes on any model name, a User-Agent is anything), so past this a new series folds them
 * into OTHER: a scrape stays small however many names callers invent.
 */
export const MAX_SERIES = 2000;
export const OTHER = '(other)';

interface CallSeries {
  labels: Labels;
  requests: number;
}

interface UsageSeries {
  labels: Labels;
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  reasoning: number;
  costUsd: number;
  savedUsd: number;
}

interface LatencySeries {
  labels: Labels;
  duration: number[];
  durationSum: number;
  ttft: number[];
  ttftSum: number;
  overhead: number[];
  overheadSum: number;
}

/** What each call is counted by, with a caller-named value folded once a family is full. */
interface Dimensions {
  endpoint: string;
  route: string;
  provider: string;
  model: string;
  key: string;
  team: string;
  app: string;
  status: string;
  cache: string;
}

// Each family's series id (joined: a flat string, which a Map hashes without flattening a
// concatenation first) and labels, made once, when its series is.
const callIds = (d: Dimensions): string => [d.endpoint, d.route, d.provider, d.model, d.key, d.team, d.app, d.status, d.cache].join('\0');
const newCall = (d: Dimensions): CallSeries => ({ labels: { ...d }, requests: 0 });
const usageIds = (d: Dimensions): string => [d.route, d.provider, d.model, d.key, d.team, d.app].join('\0');
const newUsage = ({ route, provider, model, key, team, app }: Dimensions): UsageSeries => ({
  labels: { route, provider, model, key, team, app },
  input: 0,
  output: 0,
  cached: 0,
  cacheWrite: 0,
  reasoning: 0,
  costUsd: 0,
  savedUsd: 0,
});
const latencyIds = (d: Dimensions): string => [d.endpoint, d.route, d.provider, d.model].join('\0');
const newLatency = ({ endpoint, route, provider, model }: Dimensions): LatencySeries => ({
  labels: { endpoint, route, provider, model },
  duration: new Array<number>(DURATION_BOUNDS.length + 1).fill(0),
  durationSum: 0,
  ttft: new Array<number>(TTFT_BOUNDS.length + 1).fill(0),
  ttftSum: 0,
  overhead: new Array<number>(OVERHEAD_BOUNDS.length + 1).fill(0),
  overheadSum: 0,
});

export class RequestMetrics {
  private readonly calls = new Map<string, CallSeries>();
  private readonly usage = new Map<string, UsageSeries>();
  private readonly latency = new Map<string, LatencySeries>();
  /** PII and secret findings by detector type (a config-bounded set), over every call. */
  private readonly findings = new Map<string, number>();
  private lastAgent: string | null | undefined;
  private lastApp = UNKNOWN_APP;

  observe(record: LogRecord): void {
    const d: Dimensions = {
      endpoint: record.endpoint,
      route: record.route ?? '',
      provider: record.provider ?? '',
      model: record.model ?? '',
      key: record.keyId ?? '',
      team: record.team ?? '',
      app: this.appOf(record.client),
      status: String(record.status),
      cache: record.cache ?? '',
    };
    series(this.calls, d, callIds, newCall).requests += 1;

    const used = series(this.usage, d, usageIds, newUsage);
    used.input += record.inputTokens;
    used.output += record.outputTokens;
    used.cached += record.cachedTokens;
    used.cacheWrite += record.cacheWriteTokens;
    used.reasoning += record.reasoningTokens;
    used.costUsd += record.costUsd;
    used.savedUsd += record.savedUsd;

    if (record.piiFindings) for (const [type, count] of Object.entries(record.piiFindings)) this.findings.set(type, (this.findings.get(type) ?? 0) + count);

    const timed = series(this.latency, d, latencyIds, newLatency);
    const seconds = record.latencyMs / 1000;
    add(timed.duration, DURATION_BOUNDS, seconds);
    timed.durationSum += seconds;
    if (record.ttftMs !== null) {
      const ttft = record.ttftMs / 1000;
      add(timed.ttft, TTFT_BOUNDS, ttft);
      timed.ttftSum += ttft;
    }
    if (record.overheadMs != null) {
      const overhead = record.overheadMs / 1000;
      add(timed.overhead, OVERHEAD_BOUNDS, overhead);
      timed.overheadSum += overhead;
    }
  }

  write(out: Exposition): void {
    out.family('switchboard_requests_total', 'counter', 'Calls answered (every row of the request log), by endpoint, route, provider, model, gateway key, team, app, HTTP status and cache outcome.');
    for (const s of this.calls.values()) out.sample('switchboard_requests_total', s.labels, s.requests);

    out.family('switchboard_tokens_total', 'counter', 'Tokens the providers reported, by type: input (all prompt tokens), output, cached (input read from a prompt cache), cache_write, reasoning (part of output).');
    const types = [['input', 'input'], ['output', 'output'], ['cached', 'cached'], ['cache_write', 'cacheWrite'], ['reasoning', 'reasoning']] as const;
    for (const s of this.usage.values()) {
      for (const [type, field] of types) if (s[field] > 0) out.sample('switchboard_tokens_total', { ...s.labels, type }, s[field]);
    }
    out.family('switchboard_cost_usd_total', 'counter', 'What the calls cost in USD, at the price table the log uses.');
    for (const s of this.usage.values()) out.sample('switchboard_cost_usd_total', s.labels, s.costUsd);
    out.family('switchboard_cache_saved_usd_total', 'counter', 'What cache hits saved in USD: the cost of the call each hit answered for.');
    for (const s of this.usage.values()) if (s.savedUsd > 0) out.sample('switchboard_cache_saved_usd_total', s.labels, s.savedUsd);

    out.family('switchboard_guardrail_findings_total', 'counter', 'What the PII and secret guardrail found in requests, by detector type (values are never kept).');
    for (const [type, count] of this.findings) out.sample('switchboard_guardrail_findings_total', { type }, count);

    out.family('switchboard_request_duration_seconds', 'histogram', 'Time from a call arriving to its last byte (streams included), in seconds.');
    for (const s of this.latency.values()) out.histogram('switchboard_request_duration_seconds', s.labels, DURATION_BOUNDS, s.duration, s.durationSum);
    out.family('switchboard_time_to_first_token_seconds', 'histogram', 'Time from a streamed call arriving to its first byte, in seconds.');
    for (const s of this.latency.values()) {
      if (s.ttft.some((count) => count > 0)) out.histogram('switchboard_time_to_first_token_seconds', s.labels, TTFT_BOUNDS, s.ttft, s.ttftSum);
    }
    out.family('switchboard_overhead_seconds', 'histogram', "Switchboard's own share of each answered call: from its arrival to its answer's headers, less the time spent waiting on providers and retry backoffs, in seconds.");
    for (const s of this.latency.values()) {
      if (s.overhead.some((count) => count > 0)) out.histogram('switchboard_overhead_seconds', s.labels, OVERHEAD_BOUNDS, s.overhead, s.overheadSum);
    }
  }

  /** The app named from the User-Agent; the last one is kept, as most calls repeat it. */
  private appOf(agent: string | null | undefined): string {
    if (agent !== this.lastAgent) {
      this.lastAgent = agent;
      this.lastApp = clientApp(agent) ?? UNKNOWN_APP;
    }
    return this.lastApp;
  }
}

/** The series of `d` in `map`, made on first use; a full map folds the caller-named values first. */
function series<S>(map: Map<string, S>, d: Dimensions, idOf: (d: Dimensions) => string, make: (d: Dimensions) => S): S {
  const id = idOf(d);
  const found = map.get(id);
  if (found) return found;
  if (map.size < MAX_SERIES) return stored(map, id, make(d));
  const folded: Dimensions = { ...d, model: OTHER, app: OTHER };
  const foldedId = idOf(folded);
  return map.get(foldedId) ?? stored(map, foldedId, make(folded));
}

function stored<S>(map: Map<string, S>, id: string, value: S): S {
  map.set(id, value);
  return value;
}

/** Counts `value` in the first bucket whose bound holds it (the last slot: above every bound). */
function add(counts: number[], bounds: readonly number[], value: number): void {
  let i = 0;
  while (i < bounds.length && value > (bounds[i] ?? 0)) i += 1;
  counts[i] = (counts[i] ?? 0) + 1;
}
