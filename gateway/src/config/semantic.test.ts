import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import type { ConfigIssue } from './config-error';
import { parseConfig } from './load';

function issuesOf(text: string): ConfigIssue[] {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const providers = ['providers:', '  openai: { type: openai, credential: openai }', '  anthropic: { type: anthropic, apiKey: env:ANTHROPIC_API_KEY }'];
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('the example config of DESIGN.md', () => {
  const text = readFileSync(new URL('./fixtures/design-example.yaml', import.meta.url), 'utf8');

  it('parses, with every route and section intact', () => {
    const config = parseConfig(text);
    expect(Object.keys(config.providers)).toEqual(['openai', 'anthropic', 'gemini', 'ollama']);
    expect(config.routes.workhorse).toMatchObject({
      strategy: 'fallback',
      retry: { attempts: 2, backoffMs: 250, on: [429, 500, 502, 503, 504] },
      breaker: { failures: 5, cooldownMs: 30_000 },
      ttftTimeoutMs: 10_000,
      cache: { ttl: 60_000, scope: 'key' },
      guardrails: { pii: 'redact' },
    });
    expect(config.routes.balanced?.targets).toEqual([
      { provider: 'openai', model: 'gpt-4o-mini', weight: 3 },
      { provider: 'anthropic', model: 'claude-haiku-4-5', weight: 1 },
    ]);
    expect(config.routes.smart?.rules?.[1]).toEqual({ when: { 'metadata.tier': 'free' }, route: 'balanced' });
    expect(config.routes.smart?.rules?.[2]?.target).toEqual({ provider: 'openai', model: 'gpt-5.1-codex' });
    expect(config.cache?.maxBytes).toBe(512 * 1024 ** 2);
    expect(config.guardrails?.pii?.custom).toEqual([{ name: 'employee-id', pattern: 'EMP-\\d{6}' }]);
  });
});

describe('references', () => {
  it('refuses a target naming an undefined provider, with a suggestion', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  fast:', '    targets:', '      - { provider: openai, model: gpt-4o }', '      - { provider: antropic, model: claude }'));
    expect(issues).toEqual([
      { path: 'routes.fast.targets.1.provider', message: 'unknown provider "antropic" — did you mean "anthropic"? (defined: openai, anthropic)', line: 8 },
    ]);
  });

  it('checks providers inside inline routes and conditional rule targets', () => {
    const issues = issuesOf(
      yaml(
        ...providers,
        'routes:',
        '  outer:',
        '    targets:',
        '      - strategy: fallback',
        '        targets: [ { provider: gemini, model: g } ]',
        '  pick:',
        '    strategy: conditional',
        '    rules: [ { when: { hasTools: true }, target: { provider: mistral, model: m } } ]',
        '    default: outer',
      ),
    );
    expect(issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['routes.outer.targets.0.targets.0.provider', 8],
      ['routes.pick.rules.0.target.provider', 11],
    ]);
  });

  it('refuses route references to undefined routes, in targets, rules and default', () => {
    const issues = issuesOf(
      yaml(
        ...providers,
        'routes:',
        '  a: { targets: [ { route: workhorse } ] }',
        '  smart:',
        '    strategy: conditional',
        '    rules:',
        '      - { when: { promptTokens: { gt: 10 } }, route: b }',
        '    default: ghost',
      ),
    );
    expect(issues).toEqual([
      { path: 'routes.a.targets.0.route', message: 'unknown route "workhorse" (defined: a, smart)', line: 5 },
      { path: 'routes.smart.rules.0.route', message: 'unknown route "b" (defined: a, smart)', line: 9 },
      { path: 'routes.smart.default', message: 'unknown route "ghost" (defined: a, smart)', line: 10 },
    ]);
  });

  it('refuses cycles between routes, once per cycle, at the reference that closes it', () => {
    const issues = issuesOf(
      yaml(
        ...providers,
        'routes:',
        '  a: { targets: [ { route: b } ] }',
        '  b: { targets: [ { provider: openai, model: x }, { route: c } ] }',
        '  c:',
        '    strategy: conditional',
        '    rules: [ { when: { hasTools: true }, route: a } ]',
        '    default: b',
        '  self: { targets: [ { strategy: single, targets: [ { route: self } ] } ] }',
      ),
    );
    expect(issues).toEqual([
      { path: 'routes.c.rules.0.route', message: 'route cycle: a → b → c → a', line: 9 },
      { path: 'routes.c.default', message: 'route cycle: b → c → b', line: 10 },
      { path: 'routes.self.targets.0.targets.0.route', message: 'route cycle: self → self', line: 11 },
    ]);
  });
});

describe('route shape', () => {
  it('refuses a route without targets', () => {
    expect(issuesOf(yaml(...providers, 'routes:', '  empty:', '    strategy: fallback'))).toEqual([
      { path: 'routes.empty.targets', message: 'a route needs at least one target', line: 5 },
    ]);
  });

  it('requires rules and default of a conditional route, and no targets', () => {
    expect(issuesOf(yaml(...providers, 'routes:', '  c:', '    strategy: conditional', '    targets: [ { provider: openai, model: x } ]'))).toEqual([
      { path: 'routes.c.rules', message: 'a conditional route needs rules', line: 5 },
      { path: 'routes.c.default', message: expect.stringContaining('needs default'), line: 5 },
      { path: 'routes.c.targets', message: expect.stringContaining('not targets'), line: 7 },
    ]);
  });

  it('requires exactly one of route and target in a rule', () => {
    const issues = issuesOf(
      yaml(
        ...providers,
        'routes:',
        '  a: { targets: [ { provider: openai, model: x } ] }',
        '  c:',
        '    strategy: conditional',
        '    default: a',
        '    rules:',
        '      - { when: { hasTools: true } }',
        '      - { when: { hasTools: true }, route: a, target: { provider: openai, model: y } }',
      ),
    );
    expect(issues).toEqual([
      { path: 'routes.c.rules.0', message: 'a rule needs route or target', line: 10 },
      { path: 'routes.c.rules.1', message: 'a rule takes route or target, not both', line: 11 },
    ]);
  });

  it('refuses rules on a route that is not conditional', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  a:', '    targets: [ { provider: openai, model: x } ]', '    rules: [ { when: {}, route: a } ]'));
    expect(issues).toEqual([{ path: 'routes.a.rules', message: expect.stringContaining('only when strategy is conditional'), line: 7 }]);
  });

  it('refuses weights outside loadbalance routes', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  a:', '    targets:', '      - { provider: openai, model: x, weight: 3 }', '      - { provider: anthropic, model: y }'));
    expect(issues).toEqual([{ path: 'routes.a.targets.0.weight', message: "weight applies only to loadbalance routes (this route's strategy is fallback)", line: 7 }]);
    const rule = issuesOf(
      yaml(...providers, 'routes:', '  a: { targets: [ { provider: openai, model: x } ] }', '  c:', '    strategy: conditional', '    rules: [ { when: { user: x }, target: { provider: openai, model: y, weight: 3 } } ]', '    default: a'),
    );
    expect(rule).toEqual([{ path: 'routes.c.rules.0.target.weight', message: 'weight applies only to loadbalance routes (a rule picks its one target)', line: 8 }]);
  });

  it('refuses a weight on a route under routes:, where it would do nothing, and says where it goes', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  fast:', '    targets: [ { provider: openai, model: x } ]', '    weight: 3'));
    expect(issues).toEqual([
      {
        path: 'routes.fast.weight',
        message: 'weight belongs on the targets of a loadbalance route, not on a route: to weight this route, reference it from one ({ route: fast, weight: 3 })',
        line: 7,
      },
    ]);
    // Inside a loadbalance route, an inline route's weight is what weighs it.
    const inline = yaml(...providers, 'routes:', '  lb:', '    strategy: loadbalance', '    targets:', '      - { strategy: single, weight: 2, targets: [ { provider: openai, model: x } ] }');
    expect(parseConfig(inline).routes.lb?.targets[0]).toMatchObject({ weight: 2 });
  });

  it('refuses non-positive weights in a loadbalance route', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  lb:', '    strategy: loadbalance', '    targets: [ { provider: openai, model: x, weight: 0 } ]'));
    expect(issues).toEqual([{ path: 'routes.lb.targets.0.weight', message: 'must be > 0', line: 7 }]);
  });

  it('refuses a single route with several targets', () => {
    const issues = issuesOf(yaml(...providers, 'routes:', '  one:', '    strategy: single', '    targets: [ { provider: openai, model: x }, { provider: anthropic, model: y } ]'));
    expect(issues).toEqual([{ path: 'routes.one.targets', message: expect.stringContaining('exactly one target (found 2)'), line: 7 }]);
  });
});

describe('providers', () => {
  it('needs a baseUrl or a known preset for openai-compatible, and a baseUrl for azure', () => {
    const issues = issuesOf(
      yaml(
        'providers:',
        '  local: { type: openai-compatible }',
        '  typo: { type: openai-compatible, preset: olama }',
        '  az: { type: azure, credential: az }',
        '  odd: { type: openai, preset: groq }',
      ),
    );
    expect(issues).toEqual([
      { path: 'providers.local.baseUrl', message: expect.stringContaining('needs baseUrl'), line: 2 },
      { path: 'providers.typo.preset', message: expect.stringMatching(/^unknown preset "olama" — did you mean "ollama"\? \(known: ollama, lmstudio/), line: 3 },
      { path: 'providers.az.baseUrl', message: 'an azure provider needs baseUrl, e.g. https://NAME.openai.azure.com', line: 4 },
      { path: 'providers.odd.preset', message: 'preset applies only to type openai-compatible (this provider is openai)', line: 5 },
    ]);
  });

  it('accepts a preset with an overriding baseUrl, and an azure provider with apiVersion', () => {
    const config = parseConfig(
      yaml(
        'providers:',
        '  gpu: { type: openai-compatible, preset: vllm, baseUrl: "http://10.0.0.5:8000/v1" }',
        '  az: { type: azure, baseUrl: "https://acme.openai.azure.com", apiVersion: 2024-10-21, credential: az }',
      ),
    );
    expect(config.providers.az?.apiVersion).toBe('2024-10-21');
  });

  it('refuses baseUrls that are endpoints, carry credentials, or double /v1 for anthropic', () => {
    const issues = issuesOf(
      yaml(
        'providers:',
        '  a: { type: openai, baseUrl: "https://api.openai.com/v1/chat/completions" }',
        '  b: { type: openai, baseUrl: "https://user:secret@example.com/v1" }',
        '  c: { type: anthropic, baseUrl: "https://api.anthropic.com/v1" }',
        '  d: { type: azure, baseUrl: "https://x.openai.azure.com?api-version=2024-10-21" }',
      ),
    );
    expect(issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['providers.a.baseUrl', 2],
      ['providers.b.baseUrl', 3],
      ['providers.c.baseUrl', 4],
      ['providers.d.baseUrl', 5],
    ]);
    expect(issues.map((issue) => issue.message).join('\n')).not.toContain('secret');
  });
});

describe('azure base URLs', () => {
  it("refuses a path under an Azure resource the gateway would double, and apiVersion on the v1 API; accepts the v1 root and a proxy's own path", () => {
    const issues = issuesOf(
      yaml(
        'providers:',
        '  a: { type: azure, baseUrl: "https://acme.openai.azure.com/openai" }',
        '  b: { type: azure, baseUrl: "https://acme.cognitiveservices.azure.com/openai/deployments/gpt4o" }',
        '  c: { type: azure, baseUrl: "https://acme.openai.azure.com/openai/v1", apiVersion: 2024-10-21 }',
        '  d: { type: azure, baseUrl: "https://acme.openai.azure.com/openai/v1/" }',
        '  e: { type: azure, baseUrl: "https://acme.services.ai.azure.com" }',
        '  f: { type: azure, baseUrl: "https://acme-apim.azure-api.net/openai" }',
        '  g: { type: azure, baseUrl: "https://acme.services.ai.azure.com/api/projects/demo/openai/v1" }',
      ),
    );
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['providers.a.baseUrl', 'an azure baseUrl is the resource root (e.g. https://NAME.openai.azure.com), or the root of its v1 API (https://NAME.openai.azure.com/openai/v1)'],
      ['providers.b.baseUrl', 'an azure baseUrl is the resource root (e.g. https://NAME.openai.azure.com), or the root of its v1 API (https://NAME.openai.azure.com/openai/v1)'],
      ['providers.c.apiVersion', "Azure's v1 API (a baseUrl ending in /openai/v1) takes no apiVersion"],
    ]);
  });
});

describe('azure auth', () => {
  it('takes auth: bearer (an Entra ID token) on azure, and refuses it elsewhere or misspelled, saying what it means', () => {
    const config = parseConfig(yaml('providers:', '  az: { type: azure, baseUrl: "https://acme.openai.azure.com", auth: bearer, credential: az-entra }'));
    expect(config.providers.az?.auth).toBe('bearer');
    const misplaced = issuesOf(yaml('providers:', '  o: { type: openai, auth: bearer }'));
    expect(misplaced.map((issue) => [issue.path, issue.message, issue.line])).toEqual([
      ['providers.o.auth', 'auth applies only to type azure (this provider is openai, whose key header is fixed)', 2],
    ]);
    const misspelled = issuesOf(yaml('providers:', '  a: { type: azure, baseUrl: "https://acme.openai.azure.com", auth: Bearer }'));
    expect(misspelled.map((issue) => [issue.path, issue.message, issue.line])).toEqual([
      [
        'providers.a.auth',
        'must be api-key (an Azure key, sent as the api-key header), bearer (a Microsoft Entra ID token, sent as Authorization: Bearer) or entra (a service principal: the gateway gets tokens with its client secret)',
        2,
      ],
    ]);
  });

  it('takes auth: entra with its service principal and client secret, and says what is missing or misplaced', () => {
    const base = 'type: azure, baseUrl: "https://acme.openai.azure.com"';
    const config = parseConfig(yaml('providers:', `  az: { ${base}, auth: entra, entra: { tenantId: t-1, clientId: c-1 }, credential: az-sp }`));
    expect(config.providers.az).toMatchObject({ auth: 'entra', entra: { tenantId: 't-1', clientId: 'c-1' }, credential: 'az-sp' });
    const issues = issuesOf(
      yaml(
        'providers:',
        `  a: { ${base}, auth: entra }`,
        `  b: { ${base}, entra: { tenantId: t, clientId: c }, credential: x }`,
        `  c: { ${base}, auth: entra, entra: { tenantId: t, clientId: c, authorityHost: "http://login.example.com" }, credential: x }`,
      ),
    );
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['providers.a.entra', 'auth: entra needs the service principal: entra: { tenantId, clientId }, with its client secret as the credential'],
      ['providers.a.credential', "auth: entra needs the service principal's client secret: credential: NAME (stored in the keychain) or apiKey: env:VAR"],
      ['providers.b.entra', 'entra applies only with auth: entra'],
      ['providers.c.entra.authorityHost', 'must be https (the client secret is sent there), e.g. https://login.microsoftonline.com'],
    ]);
  });
});

describe('azure nativeResponses', () => {
  it('is taken on azure only, saying what other types do with the Responses API', () => {
    expect(parseConfig(yaml('providers:', '  az: { type: azure, baseUrl: "https://acme.openai.azure.com", nativeResponses: true }')).providers.az?.nativeResponses).toBe(true);
    const issues = issuesOf(yaml('providers:', '  o: { type: openai, nativeResponses: true }', '  l: { type: openai-compatible, baseUrl: "http://127.0.0.1:8080/v1", nativeResponses: true }'));
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['providers.o.nativeResponses', 'nativeResponses applies only to type azure (openai takes the Responses API natively anyway)'],
      ['providers.l.nativeResponses', 'nativeResponses applies only to type azure (openai-compatible providers get it translated)'],
    ]);
  });
});

describe('guardrail patterns', () => {
  it('refuses a custom PII pattern that can match empty text, with its path', () => {
    const issues = issuesOf('guardrails:\n  pii:\n    custom: [ { name: anything, pattern: "x*" } ]\n');
    expect(issues.map((issue) => issue.path)).toContain('guardrails.pii.custom.0.pattern');
  });
});

describe('semantic caching', () => {
  const route = (cache: string): string[] => ['routes:', '  chat:', `    cache: ${cache}`, '    targets: [ { provider: openai, model: gpt-4o } ]', '  embed: { targets: [ { provider: openai, model: text-embedding-3-small } ] }'];

  it('refuses an embeddingRoute that names no route, with a suggestion', () => {
    const issues = issuesOf(yaml(...providers, ...route('{ semantic: true }'), 'cache:', '  semantic: { embeddingRoute: embedd }'));
    expect(issues).toEqual([{ path: 'cache.semantic.embeddingRoute', message: expect.stringMatching(/^unknown route "embedd" — did you mean "embed"\?/) as unknown as string, line: 10 }]);
  });

  it('takes a defined route', () => {
    expect(() => parseConfig(yaml(...providers, ...route('{ semantic: true }'), 'cache:', '  semantic: { embeddingRoute: embed }'))).not.toThrow();
  });

  it('refuses a route that turns it on when nothing makes embeddings', () => {
    const issues = issuesOf(yaml(...providers, ...route('{ ttl: 10m, semantic: { threshold: 0.9 } }')));
    expect(issues).toEqual([{ path: 'routes.chat.cache.semantic', message: expect.stringContaining('needs cache.semantic.embeddingRoute') as unknown as string, line: 6 }]);
  });
});
