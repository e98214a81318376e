import type OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersYaml, sdkClients, startHarness } from './harness';
import type { Harness } from './harness';

// The semantic cache embeds each eligible prompt through the embedding route: that call is a
// call to the route like a client's, so the route's own PII guardrail applies to it.
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
${providersYaml(fakes)}routes:
  faq:   { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global, semantic: true } }
  embed: { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ], guardrails: { pii: redact } }
cache:
  semantic: { embeddingRoute: embed, threshold: 0.9 }
`,
  });
  ({ openai } = sdkClients(h));
});
afterAll(() => h.close());
beforeEach(() => h.resetFakes());

const embeddingCalls = () => h.openai.requests.filter((r) => r.path.endsWith('/embeddings'));
const chatCalls = () => h.openai.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe("the semantic cache's embedding call", () => {
  it("is scrubbed by the embedding route's guardrail even when the chat route has none", async () => {
    await openai.chat.completions.create({ model: 'faq', messages: [{ role: 'user', content: 'what is the status for ana@example.com?' }] });
    expect(embeddingCalls()).toHaveLength(1);
    expect(JSON.stringify(embeddingCalls()[0]?.body)).not.toContain('ana@example.com');
    expect(JSON.stringify(embeddingCalls()[0]?.body)).toContain('[EMAIL_1]');
    // The chat route has no guardrail: its own provider gets the prompt as written.
    expect(JSON.stringify(chatCalls()[0]?.body)).toContain('ana@example.com');
  });

  it('is skipped, and the request answered, when the embedding route blocks what it finds', async () => {
    const fakes = { openai: h.openai, anthropic: h.anthropic, gemini: h.gemini };
    await h.writeConfig(`${providersYaml(fakes)}routes:
  faq:   { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global, semantic: true } }
  embed: { strategy: single, targets: [ { provider: openai, model: text-embedding-3-small } ], guardrails: { pii: block } }
cache:
  semantic: { embeddingRoute: embed, threshold: 0.9 }
`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const answer = await openai.chat.completions.create({ model: 'faq', messages: [{ role: 'user', content: 'is bob@example.com on the list?' }] });
    expect(answer.choices[0]?.message.content).toContain('bob@example.com');
    expect(embeddingCalls()).toHaveLength(0);
  });
});
