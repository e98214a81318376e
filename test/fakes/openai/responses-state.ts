import { isRecord, records, str } from '../core/json';
import type { Frame, JsonReply, Rendered } from '../core/route';
import { sseEvent } from '../core/sse';
import { openAIError } from './errors';

const bad = (message: string, param: string | null, code: string | null = null): JsonReply =>
  openAIError(400, message, 'invalid_request_error', param, code);

/** The body members OpenAI's `POST /v1/responses` knows; any other is refused, as the real API does. */
const KNOWN = new Set([
  'background', 'conversation', 'include', 'input', 'instructions', 'max_output_tokens', 'max_tool_calls', 'metadata', 'model',
  'parallel_tool_calls', 'previous_response_id', 'prompt', 'prompt_cache_key', 'prompt_cache_retention', 'reasoning',
  'safety_identifier', 'service_tier', 'store', 'stream', 'stream_options', 'temperature', 'text', 'tool_choice', 'tools',
  'top_logprobs', 'top_p', 'truncation', 'user',
]);

/** Where a response stands: a background run is `queued`, then `in_progress`, then done. */
export type RunStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'cancelled';

export const unfinished = (status: RunStatus): boolean => status === 'queued' || status === 'in_progress';

/** A stored response: the object as it ends, its input, and for a background run the object at each stage, with the stage it is at. */
interface Stored {
  response: Record<string, unknown>;
  input: unknown;
  run?: ((now: RunStatus) => Record<string, unknown>) | undefined;
  now?: RunStatus;
  /** A background run's whole event stream, numbered from 0, for `GET ?stream=true`. */
  frames?: Frame[];
}

/**
 * What one fake OpenAI remembers of the Responses API: the responses and output items it stored
 * (`store` is true unless the request says false) and the encrypted reasoning it issued, so
 * `previous_response_id`, item references and reasoning items sent back are checked as OpenAI
 * checks them.
 */
export class ResponsesState {
  private readonly responses = new Set<string>();
  /** Stored responses as OpenAI returns them by id, with the input each was made from. */
  private readonly stored = new Map<string, Stored>();
  private readonly items = new Set<string>();
  private readonly encrypted = new Set<string>();

  /** Remembers what a response made: its id and items when stored (and the whole object, to answer by id), its encrypted reasoning always. */
  remember(response: { id: string; store: boolean; output: Array<{ id: string; encrypted_content?: string }> }, whole?: Stored): void {
    for (const item of response.output) if (item.encrypted_content !== undefined) this.encrypted.add(item.encrypted_content);
    if (!response.store) return;
    this.responses.add(response.id);
    for (const item of response.output) this.items.add(item.id);
    if (whole) this.stored.set(response.id, whole.run ? { ...whole, now: 'queued' } : whole);
  }

  /** The error OpenAI answers a call on a stored response with (`GET`, `DELETE`, `cancel`, `input_items`), if any. */
  checkById(id: string, call: string | undefined, stream = false): JsonReply | undefined {
    const found = this.stored.get(id);
    if (!found) return openAIError(404, `Response with id '${id}' not found.`, 'invalid_request_error', null);
    if (call === 'cancel' && !found.run) return bad('Only responses created with background=true can be cancelled.', null);
    if (stream && !found.frames) return bad('Only responses created with background=true can be streamed.', 'stream');
    return undefined;
  }

  /** The answer to a call on a stored response that `checkById` let through. */
  answerById(method: string, id: string, call: string | undefined): unknown {
    const found = this.stored.get(id);
    if (method === 'DELETE') {
      this.stored.delete(id);
      this.responses.delete(id);
      return { id, object: 'response', deleted: true };
    }
    if (call === 'input_items') {
      const data = typeof found?.input === 'string' ? [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: found.input }] }] : records(found?.input);
      return { object: 'list', data, first_id: null, last_id: null, has_more: false };
    }
    if (!found?.run || !found.now) return found?.response;
    // A background run: each poll moves it on (queued → in_progress → how it ends); a cancel stops
    // one still going, and leaves one that ended as it is.
    const ending = found.response.status as RunStatus;
    if (call === 'cancel') found.now = unfinished(found.now) ? 'cancelled' : found.now;
    else found.now = found.now === 'queued' ? 'in_progress' : found.now === 'in_progress' ? ending : found.now;
    return found.run(found.now);
  }

  /**
   * `GET /v1/responses/{id}?stream=true&starting_after=N`: a background run's events after N (all
   * of them without it), the run streamed to its end (checkById refuses any other response).
   */
  streamById(id: string, startingAfter: number): Rendered {
    const found = this.stored.get(id);
    if (!found?.frames) throw new Error(`checkById lets only a background run through: ${id}`);
    found.now = found.response.status as RunStatus;
    return {
      type: 'stream',
      contentType: 'text/event-stream; charset=utf-8',
      frames: found.frames.slice(Math.max(0, startingAfter + 1)),
      errorFrame: (message, framesSent) => sseEvent('error', { type: 'error', sequence_number: startingAfter + 1 + framesSent, code: 'server_error', message: message ?? 'The server had an error while processing your request.', param: null }),
    };
  }

  /** The error OpenAI answers a request with, if any: unknown members, stored state it does not have, reasoning it cannot verify. */
  validate(body: unknown): JsonReply | undefined {
    if (!isRecord(body)) return bad('Invalid request body: expected an object.', null);
    for (const name of Object.keys(body)) if (!KNOWN.has(name)) return bad(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
    if (typeof body.model !== 'string') return bad("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    const previous = str(body.previous_response_id);
    if (previous !== undefined && !this.responses.has(previous)) {
      return bad(`Previous response with id '${previous}' not found.`, 'previous_response_id', 'previous_response_not_found');
    }
    if (body.input === undefined && previous === undefined && body.prompt === undefined && body.conversation === undefined) {
      return bad("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
    }
    for (const [i, tool] of records(body.tools).entries()) {
      if (tool.type === 'function' && typeof tool.name !== 'string') return bad(`Missing required parameter: 'tools[${i}].name'.`, `tools[${i}].name`, 'missing_required_parameter');
    }
    return this.validateInput(body.input);
  }

  private validateInput(input: unknown): JsonReply | undefined {
    for (const [i, item] of records(input).entries()) {
      const id = str(item.id);
      if (item.type === 'item_reference' && (id === undefined || !this.items.has(id))) {
        return openAIError(404, `Item with id '${String(id)}' not found.`, 'invalid_request_error', `input[${i}]`);
      }
      if (item.type !== 'reasoning') continue;
      const encrypted = str(item.encrypted_content);
      if (encrypted !== undefined) {
        if (!this.encrypted.has(encrypted)) return bad(`The encrypted content for item ${String(id)} could not be verified.`, null, 'invalid_encrypted_content');
      } else if (id === undefined || !this.items.has(id)) {
        return openAIError(
          404,
          `Item with id '${String(id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
          'invalid_request_error',
          'input',
        );
      }
    }
    return undefined;
  }
}
