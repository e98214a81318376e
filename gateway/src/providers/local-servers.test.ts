import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLocalServers, LOCAL_CANDIDATES } from './local-servers';

/** A server answering GET /v1/models with `status` and `body`; its base URL. */
async function serve(status: number, body: string, delayMs = 0): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(req.url === '/v1/models' ? status : 404, { 'content-type': 'application/json' });
      res.end(body);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('findLocalServers', () => {
  const servers: Server[] = [];
  let ollama: string;
  let lmstudio: string;
  let other: string;
  let slow: string;
  let closed: string;
  let huge: string;
  beforeAll(async () => {
    const made = await Promise.all([
      serve(200, JSON.stringify({ object: 'list', data: [{ id: 'qwen2.5-coder:7b', object: 'model' }, { id: 'llama3.2', object: 'model' }] })),
      serve(200, JSON.stringify({ data: Array.from({ length: 60 }, (_, i) => ({ id: `model-${i}` })) })),
      serve(200, '<html>a web app</html>'),
      serve(200, JSON.stringify({ data: [] }), 2000),
      serve(200, '{}'),
      serve(200, JSON.stringify({ data: [{ id: 'x'.repeat(2 * 1024 * 1024) }] })),
    ]);
    servers.push(...made.map((m) => m.server));
    [ollama, lmstudio, other, slow, closed, huge] = made.map((m) => m.baseUrl) as [string, string, string, string, string, string];
    await new Promise((resolve) => made[4]!.server.close(resolve));
  });
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('finds the servers that list models, says which provider already points at one, and ignores the rest (an answer over 1 MB too)', async () => {
    const candidates = [
      { preset: 'ollama', label: 'Ollama', baseUrl: ollama },
      { preset: 'lmstudio', label: 'LM Studio', baseUrl: lmstudio },
      { preset: 'vllm', label: 'vLLM', baseUrl: other },
      { preset: 'vllm', label: 'vLLM', baseUrl: slow },
      { preset: 'vllm', label: 'vLLM', baseUrl: closed },
      { preset: 'vllm', label: 'vLLM', baseUrl: huge },
    ];
    const configured = new Map([['my-ollama', `${ollama.replace('127.0.0.1', 'localhost')}/`]]);
    const found = await findLocalServers(candidates, configured, 300);
    expect(found.map((s) => [s.preset, s.provider, s.modelCount, s.models.length])).toEqual([
      ['ollama', 'my-ollama', 2, 2],
      ['lmstudio', null, 60, 50],
    ]);
    expect(found[0]?.models).toEqual(['qwen2.5-coder:7b', 'llama3.2']);
  });

  it('asks only the local presets, at their loopback addresses', () => {
    expect(LOCAL_CANDIDATES.map((c) => c.preset)).toEqual(['ollama', 'lmstudio', 'vllm']);
    for (const candidate of LOCAL_CANDIDATES) expect(new URL(candidate.baseUrl).hostname).toBe('127.0.0.1');
  });
});
