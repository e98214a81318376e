import { emptyUsage } from '../canonical/types';
import type { Usage } from '../canonical/types';
import type { GatewayError } from '../errors/gateway-error';
import { withoutSecretShapes } from '../guardrails/without-secrets';
import { spendOf } from '../limits/budgets';
import { costUsd } from '../pricing/cost';
import type { ModelPrice } from '../pricing/types';
import type { Candidate, RoutePlan } from '../routing/types';
import type { AttemptRecord, LogRecord } from '../store/log-types';
import type { PipelineDeps, RequestContext } from './context';
import { loggedRequestHeaders } from './logged-headers';

/**
 * What a row needs of the call it records: a request's context, or the gateway's own call
 * (a look at a background run, stored-response.ts), which has no client and no response.
 */
export type RecordedCall = Pick<RequestContext, 'id' | 'receivedAt' | 'started' | 'key' | 'endpoint'> & { req: Pick<RequestContext['req'], 'headers'> };

export interface Outcome {
  alias: string;
  plan?: RoutePlan;
  candidate?: Candidate;
  /** The provider that answered a call no candidate made (one on a stored response, by its id). */
  provider?: string;
  /** The price of `usage` for a call no candidate made: a background run, charged when a call by id finds it done. */
  price?: ModelPrice;
  attempts: AttemptRecord[];
  status: number;
  stream: boolean;
  usage?: Usage;
  ttftMs?: number | null;
  /** The gateway's own time before the answer began (pipeline/provider-wait.ts); absent for a call that was not answered. */
  overheadMs?: number;
  error?: GatewayError;
  /** `hit`, `miss` or `bypass`; absent when the route does not cache. */
  cache?: string | null;
  /** What a cache hit saved: the original call's cost. */
  savedUsd?: number;
  /** The model that wrote a cached answer, for a hit (no candidate served it). */
  cachedModel?: string;
  /**
   * The model the provider's answer names, which prices a target whose own name has no price;
   * the row's model when no candidate made the call.
   */
  servedModel?: string;
  user?: string;
  metadata?: Record<string, string>;
  piiFindings?: Record<string, number>;
  requestBody?: string;
  responseBody?: string;
}

/**
 * The cost of a call, from the usage the provider reported and the candidate's price, or that of
 * the model the provider says served it when the target's name is no model (an Azure deployment).
 */
export function callCost(deps: PipelineDeps, candidate: Candidate | undefined, usage: Usage | undefined, servedModel?: string): number {
  if (!candidate || !usage) return 0;
  return costUsd(usage, deps.priceOf(candidate, servedModel));
}

/**
 * Turns a finished request into its log row and hands it to the (batched) log store, the budgets
 * and the live listeners. Never throws: it runs once the answer is sent, where a throw would
 * reach the pipeline's error path and record the request a second time. Each consumer is
 * guarded on its own, so one failing still leaves the others their row.
 */
export function recordOutcome(deps: PipelineDeps, ctx: RecordedCall, outcome: Outcome): void {
  let record: LogRecord;
  try {
    record = logRecord(deps, ctx, outcome);
  } catch (error) {
    reportFailure(ctx, 'building the log row', error);
    return;
  }
  try {
    deps.logs.append(record);
  } catch (error) {
    reportFailure(ctx, 'the log store', error);
  }
  if (record.costUsd > 0 && deps.budgets) {
    try {
      deps.budgets.record(spendOf(ctx.key, record.costUsd, ctx.receivedAt));
    } catch (error) {
      reportFailure(ctx, 'the budgets', error);
    }
  }
  try {
    deps.onFinished(record);
  } catch (error) {
    reportFailure(ctx, 'a request listener', error);
  }
}

function logRecord(deps: PipelineDeps, ctx: RecordedCall, outcome: Outcome): LogRecord {
  const usage = outcome.usage ?? emptyUsage();
  const limit = deps.config().server.maxLoggedBodyBytes;
  return {
    id: ctx.id,
    ts: ctx.receivedAt,
    keyId: ctx.key?.id ?? null,
    team: ctx.key?.team ?? null,
    endpoint: ctx.endpoint,
    alias: clip(outcome.alias, MAX_LOGGED_TEXT),
    route: outcome.plan?.route ?? null,
    provider: outcome.candidate?.provider.name ?? outcome.provider ?? null,
    model: outcome.candidate?.model ?? outcome.cachedModel ?? outcome.servedModel ?? null,
    status: outcome.status,
    stream: outcome.stream,
    latencyMs: round(performance.now() - ctx.started),
    ttftMs: outcome.ttftMs === undefined || outcome.ttftMs === null ? null : round(outcome.ttftMs),
    overheadMs: outcome.overheadMs ?? null,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedTokens: usage.cachedInputTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    reasoningTokens: usage.reasoningTokens,
    costUsd: outcome.price && outcome.usage ? costUsd(outcome.usage, outcome.price) : callCost(deps, outcome.candidate, outcome.usage, outcome.servedModel),
    cache: outcome.cache ?? null,
    savedUsd: outcome.savedUsd ?? 0,
    errorCode: outcome.error?.code ?? null,
    errorMessage: outcome.error === undefined ? null : clip(outcome.error.message, MAX_LOGGED_ERROR),
    attempts: outcome.attempts,
    user: outcome.user === undefined ? null : clip(outcome.user, MAX_LOGGED_TEXT),
    client: clientOf(ctx),
    requestHeaders: loggedRequestHeaders(ctx.req.headers),
    metadata: outcome.metadata === undefined ? null : boundedMetadata(outcome.metadata),
    piiFindings: outcome.piiFindings ?? null,
    requestBody: cap(outcome.requestBody, limit),
    responseBody: cap(outcome.responseBody, limit),
  };
}

function reportFailure(ctx: RecordedCall, what: string, error: unknown): void {
  console.error(`[switchboard] ${ctx.id} recording the request failed in ${what}`, error);
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * Bounds on what the caller chooses and every row keeps, whatever `logBodies` says (the model
 * name, echoed in the error for an unknown one; `user`; metadata): uncut, one request with a
 * 32 MB model name wrote 64 MB into the log and the live events.
 */
const MAX_LOGGED_TEXT = 1024;
const MAX_LOGGED_ERROR = 4096;
const MAX_METADATA_FIELDS = 64;

const clip = (text: string, limit: number): string => (text.length > limit ? `${text.slice(0, limit)}…` : text);

/** Enough for any real User-Agent (Claude Code's, an SDK's with its runtime and OS). */
const MAX_CLIENT = 200;
/** What is scanned for secrets before the cut: a key the cut goes through is still found whole. */
const SCANNED_CLIENT = MAX_CLIENT + 400;

/** The last User-Agent seen and what the log keeps of it: most calls come from the same few apps. */
let lastAgent: string | undefined;
let lastClient = '';

/**
 * The caller's User-Agent, which tells the app that made the call (the UI names it), without
 * any key a homemade client put in it: rows, live events and the Logs page keep no secret.
 */
function clientOf(ctx: RecordedCall): string | null {
  const agent = ctx.req.headers['user-agent'];
  if (agent === undefined || agent === '') return null;
  if (agent !== lastAgent) {
    lastClient = clip(withoutSecretShapes(agent.slice(0, SCANNED_CLIENT)), MAX_CLIENT);
    lastAgent = agent;
  }
  return lastClient;
}

/** A caller-chosen name (the model asked for) as rows and live events keep it. */
export const clipLogged = (text: string): string => clip(text, MAX_LOGGED_TEXT);

/** The metadata itself when within bounds (the usual case, no copy), else a cut copy. */
function boundedMetadata(metadata: Record<string, string>): Record<string, string> {
  const keys = Object.keys(metadata);
  if (keys.length <= MAX_METADATA_FIELDS && keys.every((key) => key.length <= MAX_LOGGED_TEXT && (metadata[key] ?? '').length <= MAX_LOGGED_TEXT)) return metadata;
  const out: Record<string, string> = {};
  for (const key of keys.slice(0, MAX_METADATA_FIELDS)) out[clip(key, MAX_LOGGED_TEXT)] = clip(metadata[key] ?? '', MAX_LOGGED_TEXT);
  return out;
}

function cap(body: string | undefined, limit: number): string | null {
  if (body === undefined) return null;
  return body.length > limit ? `${body.slice(0, limit)}…[truncated ${body.length - limit} chars]` : body;
}
