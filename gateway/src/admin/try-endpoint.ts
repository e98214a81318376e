/**
 * POST /try: one chat completion through the gateway's own HTTP surface (admin/self-call.ts), so
 * the test prompt takes exactly the path a client's request takes.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AdminDeps } from './deps';
import { parseInput } from './http-helpers';
import { callSelf } from './self-call';

const trySchema = z.object({
  model: z.string().trim().min(1).max(200),
  prompt: z.string().min(1).max(100_000),
  system: z.string().max(100_000).optional(),
  maxTokens: z.number().int().positive().max(100_000).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

export function registerTryEndpoint(api: Router, deps: AdminDeps): void {
  api.post('/try', async (req, res) => {
    const input = parseInput(trySchema, req.body, 'try request');
    const messages = [...(input.system ? [{ role: 'system', content: input.system }] : []), { role: 'user', content: input.prompt }];
    const body = { model: input.model, messages, ...(input.maxTokens ? { max_tokens: input.maxTokens } : {}) };
    // The log names the app behind each call from the User-Agent (admin/client-app.ts).
    res.json(await callSelf(deps, { shape: 'chat', body, metadata: { ...input.metadata, source: 'admin-try' }, agent: 'switchboard-try' }));
  });
}
