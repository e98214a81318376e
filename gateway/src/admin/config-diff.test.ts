import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { diffConfig } from './config-diff';

const base = `
providers:
  openai: { type: openai, credential: openai }
  anthropic: { type: anthropic, credential: anthropic }
routes:
  main:
    strategy: fallback
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5 }
      - { provider: openai, model: gpt-4o }
  spare: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }
`;

describe('config diff', () => {
  it('finds nothing between a config and itself, comments and key order aside', () => {
    const reordered = base.replace('strategy: fallback\n    targets:', 'targets:').replace('      - { provider: openai, model: gpt-4o }', '      - { provider: openai, model: gpt-4o }\n    strategy: fallback # reordered');
    expect(diffConfig(parseConfig(base), parseConfig(reordered))).toEqual([]);
  });

  it('names each changed leaf, added entry and removed entry by its dotted path', () => {
    const next = base
      .replace('model: gpt-4o }', 'model: gpt-5.1 }')
      .replace("  spare: { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ] }\n", '  fresh: { strategy: single, targets: [ { provider: openai, model: o3 } ] }\n')
      .replace('  openai: { type: openai, credential: openai }', '  openai: { type: openai, credential: openai, timeoutMs: 5s }');
    const changes = diffConfig(parseConfig(base), parseConfig(next));
    expect(changes).toEqual([
      { path: 'providers.openai.timeoutMs', kind: 'added', after: 5000 },
      { path: 'routes.main.targets.1.model', kind: 'changed', before: 'gpt-4o', after: 'gpt-5.1' },
      { path: 'routes.spare', kind: 'removed', before: expect.objectContaining({ strategy: 'single' }) },
      { path: 'routes.fresh', kind: 'added', after: expect.objectContaining({ targets: [{ provider: 'openai', model: 'o3' }] }) },
    ]);
  });

  it('reports items added to and removed from the end of a list', () => {
    const longer = base.replace('      - { provider: openai, model: gpt-4o }', '      - { provider: openai, model: gpt-4o }\n      - { provider: openai, model: o3 }');
    expect(diffConfig(parseConfig(base), parseConfig(longer))).toEqual([{ path: 'routes.main.targets.2', kind: 'added', after: { provider: 'openai', model: 'o3' } }]);
    expect(diffConfig(parseConfig(longer), parseConfig(base))).toEqual([{ path: 'routes.main.targets.2', kind: 'removed', before: { provider: 'openai', model: 'o3' } }]);
  });
});
