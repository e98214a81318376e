// The floor for a Node gateway: node:http in, one undici Agent out, bytes passed through
// untouched (no JSON parse, no re-serialising), streams relayed chunk by chunk.
// Usage: UPSTREAM=http://127.0.0.1:P node bench/minimal-proxy.mjs [port] → prints "LISTENING <port>".
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const upstream = process.env.UPSTREAM;
if (!upstream) throw new Error('set UPSTREAM=http://host:port');
// No cap on connections: a cap would make long streams queue short calls.
const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const headers = {};
      for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name)) headers[name] = value;
      const up = await request(upstream + req.url, { method: req.method, headers, body: Buffer.concat(chunks), dispatcher: agent, signal: gone.signal });
      const out = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP.has(name) || name === 'content-length') out[name] = value;
      res.writeHead(up.statusCode, out);
      for await (const chunk of up.body) res.write(chunk);
      res.end();
    } catch {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end();
    }
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => process.stdout.write(`LISTENING ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
