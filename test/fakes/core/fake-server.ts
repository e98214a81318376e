import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Behaviour, CommonFakeOptions, FakeProvider, RecordedRequest } from './types';
import type { JsonReply, ProviderSpec, RequestContext, Route } from './route';
import { deliver, sendJson, sleep } from './delivery';

const DEFAULT_BEHAVIOUR: Behaviour = { kind: 'reply' };

/** Starts a fake provider on 127.0.0.1 that answers with `spec`'s wire format. */
export async function startFakeServer(spec: ProviderSpec, options: CommonFakeOptions = {}): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const queue: Behaviour[] = [];
  let fallback: Behaviour = DEFAULT_BEHAVIOUR;
  let seq = 0;
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // An aborted upload or a bug in the fake: cut the connection so a test sees it instead of hanging.
      req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    let body: unknown = raw;
    let malformed = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        malformed = true;
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      text: raw,
      at: Date.now(),
    };
    requests.push(recorded);
    seq += 1;

    const match = matchRoute(spec.routes, recorded.method, url.pathname);
    const ctx: RequestContext = { req, res, recorded, params: match?.params ?? {}, query: url.searchParams, seq };
    const headers = spec.responseHeaders(ctx);
    const reject = (reply: JsonReply): void => sendJson(res, reply, spec.jsonContentType, headers);
    if (!match) return reject(spec.notFound(ctx));
    const { route } = match;

    const authError = (route.authenticate ?? spec.authenticate)(ctx);
    if (authError) return reject(authError);
    if (route.method === 'POST' && (malformed || raw.length === 0)) return reject(spec.malformedJson(ctx));
    if (options.validate !== false) {
      const invalid = route.validate?.(ctx);
      if (invalid) return reject(invalid);
    }

    const behaviour = route.modelCall ? (queue.shift() ?? fallback) : DEFAULT_BEHAVIOUR;
    await run(ctx, route, behaviour, headers);
  }

  async function run(ctx: RequestContext, route: Route, behaviour: Behaviour, headers: Record<string, string>) {
    switch (behaviour.kind) {
      case 'delay':
        if (!(await sleep(behaviour.ms, closing.signal))) return;
        return run(ctx, route, behaviour.then ?? DEFAULT_BEHAVIOUR, headers);
      case 'hang':
        // Leave the request open; close() destroys the socket.
        return;
      case 'drop':
        ctx.req.socket.destroy();
        return;
      case 'error': {
        const reply = (route.renderError ?? spec.renderError)(ctx, behaviour);
        return sendJson(ctx.res, reply, spec.jsonContentType, { ...headers, ...behaviour.headers });
      }
      default: {
        const rendered = route.render(ctx, behaviour);
        return deliver(ctx.res, rendered, behaviour, {
          headers: { ...headers, ...behaviour.headers },
          jsonContentType: spec.jsonContentType,
          signal: closing.signal,
        });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server has no TCP address');

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setDefault: (behaviour) => void (fallback = behaviour),
    reset: () => {
      requests.splice(0, requests.length);
      queue.splice(0, queue.length);
      fallback = DEFAULT_BEHAVIOUR;
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

function matchRoute(routes: Route[], method: string, rawPath: string) {
  // Some clients percent-encode the ':' of Gemini's "model:method" paths.
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // Keep the raw path; it simply will not match.
  }
  for (const route of routes) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (found) return { route, params: { ...found.groups } as Record<string, string> };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that gives up mid-body never sends 'end'; without this the handler would wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
