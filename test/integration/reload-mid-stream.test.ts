import { describe, expect, it } from 'vitest';
import { eventually, providersYaml, sdkClients, startHarness } from './harness';

const SLOW = { kind: 'slow-stream', chunkDelayMs: 80, text: 'one two three four five six seven eight' } as const;

describe('a config reload while streams run', () => {
  it('lets a stream whose route and provider were removed finish, and logs it', async () => {
    const h = await startHarness();
    try {
      const { openai, anthropic } = sdkClients(h);
      h.openai.enqueue(SLOW);
      h.anthropic.enqueue(SLOW);
      const chat = await openai.chat.completions.create({ model: 'gpt', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'a' }] });
      const messages = await anthropic.messages.create({ model: 'claude', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'b' }] });
      const before = h.gateway.config.version;
      // Both routes gone, and the anthropic provider with them.
      const fakes = { openai: h.openai, anthropic: h.anthropic, gemini: h.gemini };
      const yaml = providersYaml(fakes).replace(/^ {2}anthropic:.*\n/m, '') + 'routes:\n  other: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n';
      await h.writeConfig(yaml);
      await eventually(() => expect(h.gateway.config.version).toBeGreaterThan(before));
      let text = '';
      for await (const chunk of chat) text += chunk.choices[0]?.delta.content ?? '';
      let claude = '';
      for await (const event of messages) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') claude += event.delta.text;
      expect(text).toBe('one two three four five six seven eight');
      expect(claude).toBe('one two three four five six seven eight');
      await h.gateway.logs.flush();
      const { rows } = await h.gateway.logs.query({ limit: 5 });
      expect(rows.map((row) => [row.endpoint, row.status, row.route, row.provider]).sort()).toEqual([
        ['chat', 200, 'gpt', 'openai'],
        ['messages', 200, 'claude', 'anthropic'],
      ]);
      expect(rows.every((row) => row.costUsd > 0)).toBe(true);
    } finally {
      await h.close();
    }
  });
});
