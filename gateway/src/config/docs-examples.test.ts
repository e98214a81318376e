import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chatRequest, makeRouter } from '../routing/router.fixture';
import type { RoutingFacts } from '../routing/types';
import { parseConfig } from './load';

// docs/config.md is the user's reference: every example there that is a whole file must load.
const docs = readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8');
const wholeFiles = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1] as string)
  .filter((block) => /^(server|providers|routes|cache|limits|budgets|guardrails|x-[\w-]+):/.test(block));

describe('docs/config.md', () => {
  it('has whole-file examples', () => {
    expect(wholeFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(wholeFiles.map((block) => [block.split('\n')[0], block]))('example starting %j parses', (_first, block) => {
    expect(() => parseConfig(block as string)).not.toThrow();
  });
});

describe('docs/config.md, Conditions', () => {
  // The example is a route, not a whole file: give it the routes it names.
  const example = /### Conditions[\s\S]*?```yaml\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
  const stub = (name: string, model: string): string => `  ${name}: { strategy: single, targets: [ { provider: openai, model: ${model} } ] }`;
  const router = makeRouter(
    ['routes:', stub('workhorse', 'work'), stub('balanced', 'balanced'), stub('vision-eu', 'vision'), example.replace(/^/gm, '  ')].join('\n'),
  );
  const served = (facts: RoutingFacts): string | undefined => router.plan('smart', facts).candidates[0]?.model;
  const image = chatRequest('what is this?', { messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }] });

  it.each<[string, RoutingFacts, string]>([
    ['a long prompt', { request: chatRequest('word '.repeat(5000)) }, 'work'],
    ['an image from the EU', { request: image, metadata: { region: 'eu' } }, 'vision'],
    ['the free tier', { request: chatRequest('hi'), metadata: { tier: 'free' } }, 'balanced'],
    ['code', { request: chatRequest('def main(): pass') }, 'gpt-5.1-codex'],
    ['the ml team', { request: chatRequest('hi'), metadata: { team: 'ml' } }, 'work'],
    ['a pro key that is not ci', { request: chatRequest('hi'), key: { id: 'k1', name: 'laptop', tier: 'pro' } }, 'work'],
    ['a pro key that is ci', { request: chatRequest('hi'), key: { id: 'k2', name: 'ci', tier: 'pro' } }, 'balanced'],
    ['nothing in particular', { request: chatRequest('hi') }, 'balanced'],
  ])('routes %s as its rules read', (_name, facts, model) => {
    expect(served(facts)).toBe(model);
  });
});
