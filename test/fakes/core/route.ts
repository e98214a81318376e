import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContentBehaviour, ErrorBehaviour, RecordedRequest } from './types';

/** Everything a provider's route needs to answer one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  recorded: RecordedRequest;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Per-fake request sequence number, for deterministic ids. */
  seq: number;
}

/** A complete non-2xx (or 2xx) JSON answer. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One unit of a streamed body. `content` frames carry text/thinking/tool-argument deltas and are
 * what `stream-fail.afterChunks` counts; a `final` frame ends the answer (finish reason, usage,
 * [DONE]), so a failing stream always stops before the first one.
 */
export interface Frame {
  text: string;
  kind: 'meta' | 'content' | 'final';
}

export type Rendered =
  | { type: 'json'; body: unknown; headers?: Record<string, string> }
  | {
      type: 'stream';
      contentType: string;
      frames: Frame[];
      /** The provider's in-stream error frame for stream-fail mode 'error-event'; `framesSent` counts frames already written. */
      errorFrame: (message: string | undefined, framesSent: number) => string;
      headers?: Record<string, string>;
    };

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  /**
   * Whether the request is a model call that consumes a queued behaviour. Metadata routes
   * (model lists) are false so a background poll cannot eat a behaviour a test queued.
   */
  modelCall: boolean;
  /** Overrides the provider's auth check (Azure uses `api-key`). */
  authenticate?: (ctx: RequestContext) => JsonReply | undefined;
  /** Overrides the provider's error body (Azure's differs from OpenAI's). */
  renderError?: (ctx: RequestContext, behaviour: ErrorBehaviour) => JsonReply;
  /** Runs after auth and JSON parsing; returns the error the real API would send. */
  validate?: (ctx: RequestContext) => JsonReply | undefined;
  render: (ctx: RequestContext, behaviour: ContentBehaviour) => Rendered;
}

/** The provider-specific half of a fake; the core does the HTTP, recording and behaviours. */
export interface ProviderSpec {
  routes: Route[];
  jsonContentType: string;
  authenticate: (ctx: RequestContext) => JsonReply | undefined;
  malformedJson: (ctx: RequestContext) => JsonReply;
  notFound: (ctx: RequestContext) => JsonReply;
  renderError: (ctx: RequestContext, behaviour: ErrorBehaviour) => JsonReply;
  /** Headers on every answer, e.g. request ids. */
  responseHeaders: (ctx: RequestContext) => Record<string, string>;
}
