/// <reference types="node" />
// The fake gateway is a real HTTP server, so this test (alone in renderer/) needs Node types.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient } from './gateway-client';

/**
 * A loopback server standing in for the gateway. The renderer's page is on another origin
 * (app:// or the dev server), so it answers CORS like the real gateway must.
 */
let server: Server;
let baseUrl: string;
let status = 200;
let hang = false;
let lastHealthRequest: IncomingMessage | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'authorization' });
      res.end();
      return;
    }
    if (hang) return;
    if (req.url === '/health') {
      lastHealthRequest = req;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'not_ready' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('GatewayClient.health', () => {
  it('reports a gateway that answers as running', async () => {
    status = 200;
    const client = new GatewayClient(`${baseUrl}/`, 'sbadm-token', { now: () => 1234 });
    expect(await client.health()).toEqual({ status: 'running', checkedAt: 1234 });
  });

  it('does not send the admin token to the public liveness endpoint', async () => {
    status = 200;
    await new GatewayClient(baseUrl, 'sbadm-token').health();
    expect(lastHealthRequest?.headers.authorization).toBeUndefined();
  });

  it('reports an error status as unreachable with the status code', async () => {
    status = 503;
    const health = await new GatewayClient(baseUrl, null, { now: () => 1 }).health();
    status = 200;
    expect(health).toEqual({ status: 'unreachable', reason: 'HTTP 503', checkedAt: 1 });
  });

  it('reports a port nobody listens on as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const health = await new GatewayClient(`http://127.0.0.1:${port}`, null).health();
    expect(health.status).toBe('unreachable');
  });

  it('gives up on a gateway that accepts the connection but never answers', async () => {
    hang = true;
    try {
      const health = await new GatewayClient(baseUrl, null, { timeoutMs: 50 }).health();
      expect(health).toMatchObject({ status: 'unreachable', reason: 'timed out' });
    } finally {
      hang = false;
    }
  });
});
