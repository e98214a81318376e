import type { ChatResponse } from '../canonical/types';
import { responseToStreamEvents } from '../cache/replay';
import type { AnswerRenderer, RenderContext } from '../formats/types';
import { restoreChatResponse } from '../guardrails';
import type { Vault } from '../guardrails';
import type { RequestContext } from './context';
import { clientFraming } from './chat-respond';
import { openStream } from './stream-writer';

/** The last body rendered from a stored answer, and what it was rendered for. */
interface Rendered {
  client: AnswerRenderer;
  created: number;
  model: string;
  text: string;
}

/**
 * Keyed by the stored answer object, which stays the same while its entry is in the cache's
 * memory tier: repeated hits on a hot entry (the same prompt from a loop, a test suite, an
 * agent retrying) render it once per client shape and second instead of once per hit.
 */
const lastRendered = new WeakMap<ChatResponse, Rendered>();

/**
 * The JSON body of a hit: the same bytes a fresh render gives, since a body depends only on the
 * answer, the client's format, `created` (seconds) and the model name. An answer without an id
 * is rendered every time: OpenAI's format then makes a fresh id per response. So is an answer
 * for a format whose body also echoes the request (the Responses API).
 */
export function renderedBody(client: AnswerRenderer, stored: ChatResponse, render: RenderContext): string {
  if (client.echoesRequest === true) return JSON.stringify(client.renderResponse(stored, render));
  const last = lastRendered.get(stored);
  if (last && last.client === client && last.created === render.created && last.model === render.model) return last.text;
  const text = JSON.stringify(client.renderResponse(stored, render));
  if (stored.id !== '') lastRendered.set(stored, { client, created: render.created, model: render.model, text });
  return text;
}

/**
 * Answers from the cache in the client's own shape: a JSON body, or a well-formed stream
 * rendered from the stored answer. Placeholders are restored with this request's vault
 * (the cache only ever holds what went upstream).
 */
export async function respondFromCache(
  ctx: RequestContext,
  client: AnswerRenderer,
  stored: ChatResponse,
  stream: boolean,
  render: RenderContext,
  headers: Record<string, string>,
  restore: Vault | undefined,
): Promise<{ ttftMs: number | null; text: string }> {
  const response = restore ? restoreChatResponse(stored, restore) : stored;
  const ctxRender = Object.assign({}, render, { model: response.model || render.model });
  if (!stream) {
    const text = restore ? JSON.stringify(client.renderResponse(response, ctxRender)) : renderedBody(client, stored, ctxRender);
    ctx.res.writeHead(200, Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }));
    ctx.res.end(text);
    return { ttftMs: null, text };
  }
  const writer = openStream(ctx.res, headers, Number.MAX_SAFE_INTEGER, clientFraming(ctx));
  const renderer = client.createStreamRenderer(ctxRender);
  let out = '';
  for (const event of responseToStreamEvents(response)) out += renderer.push(event);
  out += renderer.end();
  await writer.write(out);
  writer.end();
  return { ttftMs: writer.firstByteAt === undefined ? null : writer.firstByteAt - ctx.started, text: out };
}
