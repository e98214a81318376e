import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalServersDto } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';

/** An Ollama stand-in on a free port: its OpenAI-shaped model list, no key needed. */
async function startOllama(): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/v1/models' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'qwen2.5-coder:7b', object: 'model', owned_by: 'library' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('GET /admin/api/local-servers', () => {
  let a: AdminHarness;
  let ollama: { server: Server; baseUrl: string };
  beforeAll(async () => {
    ollama = await startOllama();
    // vLLM's candidate is a closed port: nothing there.
    const vllm = 'http://127.0.0.1:9/v1';
    a = await startAdminHarness({ deps: { localCandidates: [{ preset: 'ollama', label: 'Ollama', baseUrl: ollama.baseUrl }, { preset: 'vllm', label: 'vLLM', baseUrl: vllm }] } });
  });
  afterAll(async () => {
    await a.close();
    await new Promise((resolve) => ollama.server.close(resolve));
  });

  it('lists the model servers running here, then which provider points at one once it is added', async () => {
    const before = await a.admin.call<LocalServersDto>('GET', '/local-servers');
    expect(before.status).toBe(200);
    expect(before.body.servers).toEqual([{ preset: 'ollama', label: 'Ollama', baseUrl: ollama.baseUrl, models: ['qwen2.5-coder:7b'], modelCount: 1, provider: null }]);
    const added = await a.admin.call('PUT', '/providers/my-ollama', { provider: { type: 'openai-compatible', preset: 'ollama', baseUrl: ollama.baseUrl } });
    expect(added.status).toBe(200);
    const after = await a.admin.call<LocalServersDto>('GET', '/local-servers');
    expect(after.body.servers.map((s) => [s.preset, s.provider])).toEqual([['ollama', 'my-ollama']]);
  });

  it('needs the admin token', async () => {
    expect((await a.admin.call('GET', '/local-servers', undefined, { token: null })).status).toBe(401);
  });
});
