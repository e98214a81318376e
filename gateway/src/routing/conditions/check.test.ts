import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/config-error';
import { parseConfig } from '../../config/load';
import { checkCondition } from './check';

describe('checkCondition', () => {
  it('accepts every documented form', () => {
    expect(
      checkCondition({
        and: [
          { promptTokens: { gt: 10, lte: 100 } },
          { 'metadata.tier': 'free', metadata: { region: { in: ['eu', 'ch'] }, score: { gte: 0.5 } } },
          { or: [{ key: 'ci' }, { user: 'alice' }, { team: { matches: '^ml-' } }, { tier: 3 }] },
          { not: { hasTools: true } },
          { hasImages: false, lastUserMessage: { matches: 'select', flags: 'i' } },
        ],
      }),
    ).toEqual([]);
  });

  it.each<[string, unknown, Array<{ path: PropertyKey[]; message: string | RegExp }>]>([
    ['a non-map', 'free', [{ path: [], message: /a condition is a map of tests/ }]],
    ['an empty map', {}, [{ path: [], message: /at least one test/ }]],
    ['a typo in a test name', { promptToken: { gt: 1 } }, [{ path: ['promptToken'], message: /unknown test "promptToken" — did you mean "promptTokens"\?/ }]],
    ['promptTokens without a comparison', { promptTokens: 4000 }, [{ path: ['promptTokens'], message: /promptTokens takes \{ gt \| gte \| lt \| lte: number \}/ }]],
    ['an unknown comparison', { promptTokens: { gte: 1, gtt: 5 } }, [{ path: ['promptTokens', 'gtt'], message: /unknown comparison "gtt" — did you mean "gt"\?/ }]],
    ['a non-boolean flag test', { hasTools: 'yes' }, [{ path: ['hasTools'], message: 'hasTools must be true or false' }]],
    ['a bad regex', { lastUserMessage: { matches: '(unclosed' } }, [{ path: ['lastUserMessage', 'matches'], message: /not a valid regular expression/ }]],
    // The prompt is the caller's: one crafted message would hold the event loop for minutes.
    ['a regex that backtracks exponentially', { lastUserMessage: { matches: '^(a+)+$' } }, [{ path: ['lastUserMessage', 'matches'], message: /nested unbounded quantifiers/ }]],
    ['a regex whose alternatives start alike under a repeat', { lastUserMessage: { matches: '^(a|ab)*c$' } }, [{ path: ['lastUserMessage', 'matches'], message: /branches can start with the same character/ }]],
    ['a regex that is quadratic on a long message', { lastUserMessage: { matches: '[^\\n]*ZZZ', flags: 'i' } }, [{ path: ['lastUserMessage', 'matches'], message: /too slow on long text/ }]],
    ['bad regex flags', { lastUserMessage: { matches: 'x', flags: 'g' } }, [{ path: ['lastUserMessage', 'flags'], message: 'flags may hold i, m, s and u' }]],
    ['an empty in list', { 'metadata.tier': { in: [] } }, [{ path: ['metadata.tier', 'in'], message: 'in takes a non-empty list of values' }]],
    ['an unknown operator', { user: { equals: 'x' } }, [{ path: ['user', 'equals'], message: /unknown operator "equals"/ }]],
    ['a Portkey operator', { 'metadata.tier': { $ne: 'free' } }, [{ path: ['metadata.tier', '$ne'], message: /unknown operator "\$ne" — Portkey's \$ne is written not: \{ metadata.tier: free \}/ }]],
    ['a Portkey combinator', { $or: [{ user: 'a' }] }, [{ path: ['$or'], message: /unknown test "\$or" — Portkey's \$or is written or: \[ … \]/ }]],
    ['and without a list', { and: { user: 'x' } }, [{ path: ['and'], message: 'and takes a non-empty list of conditions' }]],
    ['a nested mistake', { or: [{ user: 'a' }, { not: { tem: 'x' } }] }, [{ path: ['or', 1, 'not', 'tem'], message: /unknown test "tem" — did you mean "team"\?/ }]],
    ['a bare metadata prefix', { 'metadata.': 'x' }, [{ path: ['metadata.'], message: /name the metadata field/ }]],
  ])('reports %s', (_name, condition, expected) => {
    const issues = checkCondition(condition);
    expect(issues).toHaveLength(expected.length);
    expected.forEach((want, index) => {
      expect(issues[index]?.path).toEqual(want.path);
      if (typeof want.message === 'string') expect(issues[index]?.message).toBe(want.message);
      else expect(issues[index]?.message).toMatch(want.message);
    });
  });

  // Valid without the u flag ("u{", "k"), and once enough to hang the config load for good.
  it.each(['price \\u{', '\\k|ok', 'Tue|Thu'])('accepts %s', (matches) => {
    expect(checkCondition({ lastUserMessage: { matches } })).toEqual([]);
  });

  it('runs at config load, naming the path and line', () => {
    const yaml = [
      'providers: { openai: { type: openai, apiKey: env:K } }',
      'routes:',
      '  a: { targets: [ { provider: openai, model: m } ] }',
      '  pick:',
      '    strategy: conditional',
      '    rules:',
      '      - { when: { promptTokens: { gt: 10 } }, route: a }',
      '      - { when: { lastUserMesage: { matches: x } }, route: a }',
      '    default: a',
    ].join('\n');
    const error = (() => {
      try {
        parseConfig(yaml);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ path: 'routes.pick.rules.1.when.lastUserMesage', line: 8, message: expect.stringContaining('did you mean "lastUserMessage"') }),
    ]);
  });
});
