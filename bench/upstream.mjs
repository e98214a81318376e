// The bench's fake OpenAI upstream: node:http with every response serialised once at start,
// so it is never the bottleneck. The variant is the path prefix:
//   /fast/v1/chat/completions      JSON at once (0 ms)
//   /slow/v1/chat/completions      JSON after 20 ms
//   /sse/v1/chat/completions       SSE: 64 content chunks, one every 20 ms, then finish/usage/[DONE]
//   /sse-ttft/v1/chat/completions  SSE: the first chunk at once, the other 63 (+ finish) 5 ms later,
//                                  so time-to-first-byte can be sampled quickly at 1 in flight
// A request asking `stream: true` on a JSON path gets the SSE of /sse; usage is sent in the
// stream only when the body asks `include_usage: true`, as OpenAI does.
// GET /__stats answers {"requests": N} (model calls received), so the bench can tell a cache
// hit (no upstream call) from a miss.
// Usage: node bench/upstream.mjs [port]  → prints "LISTENING <port>".
import { createServer } from 'node:http';

const CHUNKS = 64;
const INTERVAL_MS = 20;
const MODEL = 'gpt-4o-mini-2024-07-18';
const CREATED = 1_732_000_000;

const json = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream. '.repeat(4).trim(), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 24,
      completion_tokens: 32,
      total_tokens: 56,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  }),
);
const jsonHeaders = { 'content-type': 'application/json', 'content-length': String(json.length), 'x-request-id': 'req_bench' };
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' };

const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MODEL, service_tier: 'default', system_fingerprint: 'fp_bench' };
const frame = (value) => `data: ${typeof value === 'string' ? value : JSON.stringify(value)}\n\n`;
/** Content chunks, with and without the `usage: null` OpenAI adds when usage was asked for. */
const contentChunks = (withUsage) =>
  Array.from({ length: CHUNKS }, (_, i) =>
    Buffer.from(
      frame({
        ...base,
        choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: 'tok0', refusal: null } : { content: ` tok${i}` }, logprobs: null, finish_reason: null }],
        ...(withUsage ? { usage: null } : {}),
      }),
    ),
  );
const tail = (withUsage) =>
  Buffer.from(
    frame({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...(withUsage ? { usage: null } : {}) }) +
      (withUsage
        ? frame({ ...base, choices: [], usage: { prompt_tokens: 24, completion_tokens: CHUNKS, total_tokens: 24 + CHUNKS, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } } })
        : '') +
      frame('[DONE]'),
  );
const streams = {
  true: { chunks: contentChunks(true), tail: tail(true) },
  false: { chunks: contentChunks(false), tail: tail(false) },
};
const restAfterFirst = {
  true: Buffer.concat([...streams.true.chunks.slice(1), streams.true.tail]),
  false: Buffer.concat([...streams.false.chunks.slice(1), streams.false.tail]),
};

let requests = 0;

function streamSlowly(res, usage) {
  const { chunks, tail: end } = streams[usage];
  res.writeHead(200, sseHeaders);
  let i = 0;
  res.write(chunks[i++]);
  const timer = setInterval(() => {
    if (i < CHUNKS - 1) {
      res.write(chunks[i++]);
      return;
    }
    clearInterval(timer);
    res.end(Buffer.concat([chunks[i], end]));
  }, INTERVAL_MS);
  res.on('close', () => clearInterval(timer));
}

function streamTtft(res, usage) {
  res.writeHead(200, sseHeaders);
  res.write(streams[usage].chunks[0]);
  const timer = setTimeout(() => res.end(restAfterFirst[usage]), 5);
  res.on('close', () => clearTimeout(timer));
}

const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (req, res) => {
  if (req.method === 'GET' && req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ requests }));
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    requests += 1;
    const url = req.url ?? '';
    // String checks, not JSON.parse: the upstream must stay cheap. Portkey writes JSON with
    // no spaces, as do the others.
    const stream = body.includes('"stream":true');
    const usage = body.includes('"include_usage":true');
    if (url.startsWith('/sse-ttft/')) return streamTtft(res, usage);
    if (url.startsWith('/sse/') || stream) return streamSlowly(res, usage);
    if (url.startsWith('/slow/')) {
      setTimeout(() => {
        res.writeHead(200, jsonHeaders);
        res.end(json);
      }, INTERVAL_MS);
      return;
    }
    res.writeHead(200, jsonHeaders);
    res.end(json);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
