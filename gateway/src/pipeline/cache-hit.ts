import type { ChatResponse } from '../canonical/types';
import { responseToStreamEvents } from '../cache/replay';
import type { ClientFormat, RenderContext } from '../formats/types';
import { restoreChatResponse } from '../guardrails';
import type { Vault } from '../guardrails';
import type { RequestContext } from './context';
import { SSE_HEADERS } from './chat-respond';
import { StreamWriter } from './stream-writer';

/**
 * Answers from the cache in the client's own shape: a JSON body, or a well-formed stream
 * rendered from the stored answer. Placeholders are restored with this request's vault
 * (the cache only ever holds what went upstream).
 */
export async function respondFromCache(
  ctx: RequestContext,
  client: ClientFormat,
  stored: ChatResponse,
  stream: boolean,
  render: RenderContext,
  headers: Record<string, string>,
  restore: Vault | undefined,
): Promise<{ ttftMs: number | null; text: string }> {
  const response = restore ? restoreChatResponse(stored, restore) : stored;
  const ctxRender = Object.assign({}, render, { model: response.model || render.model });
  if (!stream) {
    const text = JSON.stringify(client.renderResponse(response, ctxRender));
    ctx.res.writeHead(200, Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }));
    ctx.res.end(text);
    return { ttftMs: null, text };
  }
  ctx.res.writeHead(200, Object.assign(headers, SSE_HEADERS));
  const writer = new StreamWriter(ctx.res, Number.MAX_SAFE_INTEGER);
  const renderer = client.createStreamRenderer(ctxRender);
  let out = '';
  for (const event of responseToStreamEvents(response)) out += renderer.push(event);
  out += renderer.end();
  await writer.write(out);
  ctx.res.end();
  return { ttftMs: writer.firstByteAt === undefined ? null : writer.firstByteAt - ctx.started, text: out };
}
