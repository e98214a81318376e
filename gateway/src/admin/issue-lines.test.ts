import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error';
import { parseConfig } from '../config/load';
import { inOriginalLines } from './issue-lines';

const original = `providers:
  openai:    { type: openai, credential: openai }
  anthropic: { type: anthropic, credential: anthropic }

routes:
  cheap:
    targets:
      - { provider: openai, model: gpt-4o-mini }
      - { provider: anthropic, model: claude-haiku-4-5 }
  smart:
    strategy: conditional
    rules:
      - when: { metadata.tier: { in: [gold] } }
        target: { provider: anthropic, model: claude-sonnet-4-5 }
    default: cheap
`;

function refusal(edited: string, from = original): ConfigError {
  try {
    parseConfig(edited, 'config.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return inOriginalLines(error, from, edited);
    throw error;
  }
  throw new Error('the edited text validated');
}

describe('the problems of a refused edit, in lines of the file', () => {
  it('cites the lines where the file uses a provider the edit removes', () => {
    const error = refusal(original.replace('  anthropic: { type: anthropic, credential: anthropic }\n', ''));
    expect(error.message).toBe(
      [
        'Invalid config in config.yaml (2 problems):',
        '  line 9: routes.cheap.targets.1.provider: unknown provider "anthropic" (defined: openai)',
        '  line 14: routes.smart.rules.0.target.provider: unknown provider "anthropic" (defined: openai)',
      ].join('\n'),
    );
  });

  it('gives only the path of a value the file does not hold (an edited target, a missing key)', () => {
    const edited = original.replace('model: gpt-4o-mini }', 'model: gpt-4o-mini, weight: -1 }').replace('provider: anthropic, model: claude-haiku-4-5', 'model: claude-haiku-4-5');
    expect(refusal(edited).message).toBe(
      [
        'Invalid config in config.yaml (2 problems):',
        '  routes.cheap.targets.0.weight: must be > 0',
        '  routes.cheap.targets.1.model: unknown key "model": a target is a provider model {provider, model}, a route reference {route, weight} or an inline route {strategy, targets}',
      ].join('\n'),
    );
  });

  it('cites the route that merges in a shared block (`<<: *shared`) for a problem the block brings', () => {
    const shared = `x-shared: &shared
  targets: [{ provider: anthropic, model: claude-haiku-4-5 }]
providers:
  openai:    { type: openai, credential: openai }
  anthropic: { type: anthropic, credential: anthropic }
routes:
  haiku:
    <<: *shared
`;
    const error = refusal(shared.replace('  anthropic: { type: anthropic, credential: anthropic }\n', ''), shared);
    expect(error.issues).toEqual([{ path: 'routes.haiku.targets.0.provider', message: expect.stringContaining('unknown provider "anthropic"') as string, line: 7 }]);
  });
});
