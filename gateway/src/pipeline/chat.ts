import type { Usage } from '../canonical/types';
import { sendError, toGatewayError } from '../errors/render';
import type { GatewayError } from '../errors/gateway-error';
import { estimateTokens } from '../canonical/estimate-tokens';
import { anthropicClientFormat } from '../formats/anthropic';
import { isUsageOnlyChunk, openaiClientFormat } from '../formats/openai';
import type { ClientFormat, RenderContext } from '../formats/types';
import { restoreChatResponse, restoreResponseBody } from '../guardrails';
import type { Vault } from '../guardrails';
import type { ClientShape } from '../providers/types';
import { execute, ExecutionError } from '../routing/executor';
import type { ExecutionResult } from '../routing/executor';
import type { RoutePlan } from '../routing/types';
import type { AttemptRecord } from '../store/log-types';
import { admit } from './admission';
import { guardRequest } from './guard';
import { requestMetadata } from './metadata';
import type { Guarded } from './guard';
import { attemptChat } from './chat-attempt';
import type { ChatInput, CommittedResponse } from './chat-attempt';
import type { PipelineDeps, RequestContext } from './context';
import { switchboardHeaders } from './headers';
import { callCost, recordOutcome } from './record';
import { relayStream } from './relay-stream';
import { StreamWriter } from './stream-writer';

const clientFormats: Record<ClientShape, ClientFormat> = { openai: openaiClientFormat, anthropic: anthropicClientFormat };

/** `POST /v1/chat/completions` and `POST /v1/messages`: one pipeline for both shapes. */
export async function handleChat(deps: PipelineDeps, ctx: RequestContext, rawBody: unknown): Promise<void> {
  const client = clientFormats[ctx.shape];
  const logBodies = deps.config().server.logBodies;
  let requestBody: string | undefined;
  let guard: Guarded | undefined;
  let plan: RoutePlan | undefined;
  let attempts: AttemptRecord[] = [];
  let alias = typeof (rawBody as { model?: unknown })?.model === 'string' ? (rawBody as { model: string }).model : '';
  let stream = false;
  try {
    guard = guardRequest(deps.config(), rawBody, ctx.shape);
    const body = guard.body;
    // Only ever the scrubbed body is logged.
    if (logBodies) requestBody = JSON.stringify(body);
    const { request, untranslatable } = client.inspectRequest ? client.inspectRequest(body) : { request: client.parseRequest(body), untranslatable: undefined };
    alias = request.model;
    stream = request.stream;
    const input: ChatInput = { shape: ctx.shape, raw: body as Record<string, unknown>, request, untranslatable, clientHeaders: ctx.req.headers };
    const metadata = requestMetadata(ctx.req.headers, request);
    plan = deps.router.plan(request.model, { request, metadata, key: ctx.key ?? undefined });
    const gate = await admit(deps, ctx, plan, alias, estimateTokens(request) + (request.maxTokens ?? 0));
    const result = await execute(plan, (candidate, signal) => attemptChat(input, candidate, signal), { signal: ctx.clientGone, stream });
    attempts = result.attempts;
    const render: RenderContext = { model: result.candidate.model, created: Math.floor(ctx.receivedAt / 1000), includeUsage: request.streamUsage };
    const headers = { ...gate.headers, ...switchboardHeaders(ctx.id, plan, result.candidate, attempts) };
    const common = { alias, plan, candidate: result.candidate, attempts, stream, user: request.user, metadata, requestBody, piiFindings: guard.findings };
    if (result.value.kind === 'json') {
      const { text, usage } = respondJson(client, ctx.shape, result as ExecutionResult<Extract<CommittedResponse, { kind: 'json' }>>, render, guard.restore);
      gate.settle(usage);
      headers['x-switchboard-cost-usd'] = callCost(deps, result.candidate, usage).toFixed(8);
      ctx.res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      ctx.res.end(text);
      recordOutcome(deps, ctx, { ...common, status: 200, usage, ttftMs: null, responseBody: logBodies ? text : undefined });
      return;
    }
    const committed = result.value;
    ctx.res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const writer = new StreamWriter(ctx.res, logBodies ? deps.config().server.maxLoggedBodyBytes : 0);
    const outcome = await relayStream(committed, {
      providerName: result.candidate.provider.name,
      client,
      render,
      writer,
      clientGone: ctx.clientGone,
      tap: committed.native ? result.candidate.provider.kind.usageTap() : undefined,
      isUsageOnlyChunk,
      idleTimeoutMs: result.candidate.policy.ttftTimeoutMs,
      shape: ctx.shape,
      restore: guard.restore,
    });
    ctx.res.end();
    gate.settle(outcome.usage);
    const status = outcome.error ? outcome.error.status : ctx.clientGone.aborted ? 499 : 200;
    recordOutcome(deps, ctx, {
      ...common,
      status,
      usage: outcome.usage,
      ttftMs: writer.firstByteAt === undefined ? null : writer.firstByteAt - ctx.started,
      error: outcome.error,
      responseBody: logBodies ? writer.capturedText : undefined,
    });
  } catch (caught) {
    const error: GatewayError = toGatewayError(caught);
    const served = caught instanceof ExecutionError ? caught.candidate : undefined;
    if (caught instanceof ExecutionError) attempts = caught.attempts;
    sendError(ctx.res, ctx.shape, error, switchboardHeaders(ctx.id, plan, served, attempts));
    recordOutcome(deps, ctx, { alias, plan, candidate: served, attempts, status: ctx.clientGone.aborted ? 499 : error.status, stream, error, requestBody, piiFindings: guard?.findings });
  }
}

function respondJson(
  client: ClientFormat,
  shape: ClientShape,
  result: ExecutionResult<Extract<CommittedResponse, { kind: 'json' }>>,
  render: RenderContext,
  restore: Vault | undefined,
): { text: string; usage: Usage | undefined } {
  const { value, candidate } = result;
  if (value.native) {
    const usage = candidate.provider.kind.usageTap().fromResponse(value.json);
    // Same shape on both sides: the provider's bytes go to the client untouched.
    if (!restore) return { text: value.text, usage };
    return { text: JSON.stringify(restoreResponseBody(value.json, shape, restore)), usage };
  }
  const parsed = candidate.provider.kind.format.parseResponse(value.json);
  const response = restore ? restoreChatResponse(parsed, restore) : parsed;
  return { text: JSON.stringify(client.renderResponse(response, { ...render, model: response.model || render.model })), usage: response.usage };
}
