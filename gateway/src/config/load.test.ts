import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { defaultConfigText, loadConfigFile, parseConfig } from './load';

/** The ConfigError parseConfig throws for `text` (fails the test when it does not throw). */
function configError(text: string, source?: string): ConfigError {
  try {
    parseConfig(text, source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

const yaml = (lines: string[]): string => `${lines.join('\n')}\n`;

describe('parseConfig', () => {
  it('accepts an empty file, a comments-only file and empty sections as an empty config', () => {
    for (const text of ['', '# nothing yet\n', 'providers:\nroutes:\n', 'server:\ncache:\nlimits:\nbudgets:\nguardrails:\n']) {
      const config = parseConfig(text);
      expect(config.providers).toEqual({});
      expect(config.routes).toEqual({});
      expect(config.server).toMatchObject({ port: 4000, host: '127.0.0.1', auth: 'required', logBodies: false });
    }
  });

  it('fills defaults and normalises durations and sizes', () => {
    const config = parseConfig(
      yaml([
        'server: { maxBodyBytes: 1MB, shutdownGraceMs: 5s }',
        'providers:',
        '  openai: { type: openai, credential: openai, timeoutMs: 30s }',
        'routes:',
        '  fast:',
        '    targets: [ { provider: openai, model: gpt-4o-mini } ]',
        '    retry: { attempts: 1 }',
        '    ttftTimeoutMs: 2.5s',
      ]),
    );
    expect(config.server.maxBodyBytes).toBe(1024 * 1024);
    expect(config.server.shutdownGraceMs).toBe(5000);
    expect(config.providers.openai?.timeoutMs).toBe(30_000);
    expect(config.routes.fast).toMatchObject({ strategy: 'fallback', ttftTimeoutMs: 2500, retry: { attempts: 1, backoffMs: 250, on: [429, 500, 502, 503, 504] } });
  });

  it('does not share default arrays between parses', () => {
    const first = parseConfig('');
    first.server.allowedHosts.push('example.test');
    expect(parseConfig('').server.allowedHosts).toEqual([]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    const error = configError(yaml(['server:', '  port: 4000', '  host: [127.0.0.1', 'routes: {}']), 'config.yaml');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: '', line: 4, column: 1 });
    expect(error.issues[0]?.message).toMatch(/^YAML syntax: /);
    expect(error.message).toMatch(/^Invalid config in config\.yaml \(1 problem\):\n {2}line 4, column 1: YAML syntax: /);
  });

  it('names a key defined twice, with its path and the line of its first definition', () => {
    const text = yaml(['providers:', '  openai: { type: openai }', 'routes:', '  fast:', '    targets: [ { provider: openai, model: a } ]', '  fast:', '    targets:', '      - provider: openai', '        model: a', '        model: b']);
    const error = configError(text, 'config.yaml');
    expect(error.message).toBe(
      ['Invalid config in config.yaml (2 problems):', '  line 6: routes.fast: defined twice (first on line 4)', '  line 10: routes.fast.targets.0.model: defined twice (first on line 9)'].join('\n'),
    );
    expect(configError(yaml(['routes: {}', 'routes: {}'])).issues).toEqual([{ path: 'routes', message: 'defined twice (first on line 1)', line: 2 }]);
  });

  it('retells the YAML mistakes people make by hand in plain words, without the yaml package\'s wording', () => {
    const syntax = (lines: string[]): string[] => configError(yaml(lines)).issues.map((issue) => `${issue.line}:${issue.column}: ${issue.message}`);
    expect(syntax(['guardrails:', '  pii:', '    custom:', '      - name: x', '        pattern: a: b'])).toEqual([
      '5:18: YAML syntax: a value here contains ": ": quote values that contain ": " (pattern: "a: b"), or check that the next line is not indented too far',
    ]);
    expect(syntax(['guardrails: { pii: { custom: [ { name: x, pattern: a: b } ] } }'])[0]).toContain('quote values that contain ": "');
    // One mistake, reported once, though the parser names it under two codes.
    expect(syntax(['server:', '  port: 4000', '   host: x'])).toEqual([
      '2:9: YAML syntax: a value here contains ": ": quote values that contain ": " (pattern: "a: b"), or check that the next line is not indented too far',
    ]);
    expect(syntax(['server: { port: 1 }', '---', 'server: { port: 2 }'])).toEqual(['2:1: YAML syntax: one document per file: remove this "---" (or "...") and merge what follows into one mapping']);
    expect(syntax(['server:', '  port:4000', '  host: x'])).toEqual([
      '2:3: YAML syntax: a key must fit on one line: missing space after ":"? (write key: value), or is the next line indented too far?',
    ]);
    expect(syntax(['providers:', '  openai: { type: openai, credential: openai'])).toEqual(['3:1: YAML syntax: a { is not closed: add the missing }']);
    expect(syntax(['server:', '\tport: 4000'])).toEqual(['2:1: YAML syntax: indent with spaces, not tabs']);
    expect(syntax(['server:', '  host: @x'])).toEqual(['2:9: YAML syntax: a value cannot start with @ unless quoted: put the value in quotes']);
    expect(syntax(['server:', '  host: "abc'])).toEqual(['3:1: YAML syntax: a quoted value is not closed: add the missing quote']);
  });

  it('asks about a missing space when "key:value" came where a mapping belongs', () => {
    expect(configError(yaml(['server:', '  port:4000'])).issues).toEqual([
      { path: 'server', message: 'expected a mapping (key: value), got a string — missing a space after ":"? (YAML needs key: value)', line: 1 },
    ]);
    const target = configError(yaml(['providers:', '  openai: { type: openai }', 'routes:', '  r:', '    targets:', '      - provider:openai']));
    expect(target.issues[0]?.message).toContain('missing a space after ":"?');
    expect(configError('server:4000\n').issues[0]?.message).toBe('the file must be a mapping of sections (server:, providers:, routes:, …) — missing a space after ":"?');
  });

  it('refuses a file that is not a mapping', () => {
    expect(configError('- a\n- b\n').issues).toEqual([{ path: '', message: expect.stringContaining('must be a mapping'), line: 1 }]);
  });

  it('names the exact path and line of a schema error inside a target', () => {
    const error = configError(
      yaml([
        'providers:',
        '  openai: { type: openai }',
        'routes:',
        '  workhorse:',
        '    targets:',
        '      - { provider: openai, model: gpt-4o }',
        '      - { provider: 42, model: gpt-4o }',
        '      - { provider: openai }',
      ]),
    );
    expect(error.issues).toEqual([
      { path: 'routes.workhorse.targets.1.provider', message: 'expected a string, got 42', line: 7 },
      { path: 'routes.workhorse.targets.2.model', message: 'required (a string)', line: 8 },
    ]);
  });

  it('suggests only keys valid in that place, and otherwise says what the mapping takes', () => {
    const text = yaml([
      'providers:',
      '  openai: { type: openai }',
      'routes:',
      '  a:',
      '    targets: [ { provider: openai, model: m } ]',
      '  b:',
      '    targets:',
      '      - { provider: openai, model: m, route: a }',
      '      - { route: a, targets: [] }',
      '      - { route: a, strategy: single }',
      'guardrails: { pii: { mode: redact } }',
      'budgets: { global: { monthly: 100 } }',
      'keys: []',
    ]);
    const target = 'a target is a provider model {provider, model}, a route reference {route, weight} or an inline route {strategy, targets}';
    expect(configError(text).issues).toEqual([
      { path: 'routes.b.targets.0.route', message: `unknown key "route": ${target}`, line: 8 },
      { path: 'routes.b.targets.1.targets', message: `unknown key "targets": ${target}`, line: 9 },
      { path: 'routes.b.targets.2.strategy', message: `unknown key "strategy": ${target}`, line: 10 },
      {
        path: 'guardrails.pii.mode',
        message: 'unknown key "mode": guardrails.pii takes detectors and custom; the mode is set per route (routes.<name>.guardrails: { pii: redact })',
        line: 11,
      },
      { path: 'budgets.global.monthly', message: 'unknown key "monthly" (valid here: hourlyUsd, dailyUsd, weeklyUsd, monthlyUsd, alertAt)', line: 12 },
      { path: 'keys', message: 'unknown key "keys" (valid here: server, providers, routes, cache, limits, budgets, guardrails)', line: 13 },
    ]);
  });

  it('names unknown keys one by one, with a suggestion', () => {
    const error = configError(yaml(['server:', '  prot: 4000', 'routes:', '  a:', '    targets: [ { provider: x, model: y, timeoutMS: 10 } ]', 'rotues: {}']));
    expect(error.issues).toEqual([
      { path: 'server.prot', message: 'unknown key "prot" — did you mean "port"?', line: 2 },
      { path: 'routes.a.targets.0.timeoutMS', message: 'unknown key "timeoutMS" — did you mean "timeoutMs"?', line: 5 },
      { path: 'rotues', message: 'unknown key "rotues" — did you mean "routes"?', line: 6 },
    ]);
  });

  it('spells out the choices of an enum, with the nearest one', () => {
    const error = configError(yaml(['providers:', '  x: { type: opnai }', '  y: { type: cohere }', 'routes:', '  r: { strategy: load-balance, targets: [ { provider: x, model: m } ] }']));
    expect(error.issues).toEqual([
      { path: 'providers.x.type', message: 'expected one of: openai, anthropic, gemini, azure, openai-compatible — did you mean "openai"?', line: 2 },
      { path: 'providers.y.type', message: 'expected one of: openai, anthropic, gemini, azure, openai-compatible', line: 3 },
      { path: 'routes.r.strategy', message: 'expected one of: single, fallback, loadbalance, conditional, lowest-latency, lowest-cost — did you mean "loadbalance"?', line: 5 },
    ]);
  });

  it('takes content_filter among the fallbackOn statuses, and names what else the list takes', () => {
    const route = (list: string): string => yaml(['providers:', '  x: { type: openai }', 'routes:', `  r: { fallbackOn: ${list}, targets: [ { provider: x, model: m } ] }`]);
    expect(parseConfig(route('[429, 503, content_filter]')).routes.r?.fallbackOn).toEqual([429, 503, 'content_filter']);
    expect(configError(route('[429, content-filter]')).issues).toEqual([
      { path: 'routes.r.fallbackOn.1', message: 'expected an HTTP status (100–599) or content_filter', line: 4 },
    ]);
  });

  it('tells a preset written as a provider type how to write it, and maps other names for the types', () => {
    const types = ['groq', 'Ollama', 'google', 'azure-openai', 'antropic'];
    const error = configError(yaml(['providers:', ...types.map((type, i) => `  p${i}: { type: ${type} }`), '  p5: { credential: p5 }']));
    const choices = 'expected one of: openai, anthropic, gemini, azure, openai-compatible';
    expect(error.issues.map((issue) => issue.message)).toEqual([
      'groq is a preset: use type: openai-compatible, preset: groq',
      'ollama is a preset: use type: openai-compatible, preset: ollama',
      `${choices} — did you mean "gemini"?`,
      `${choices} — did you mean "azure"?`,
      `${choices} — did you mean "anthropic"?`,
      'required (one of: openai, anthropic, gemini, azure, openai-compatible)',
    ]);
  });

  it('explains bad durations and sizes', () => {
    const error = configError(yaml(['server:', '  maxBodyBytes: 20 megs', 'routes:', '  a:', '    targets: [ { provider: p, model: m } ]', '    timeoutMs: soon']));
    expect(error.issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['server.maxBodyBytes', 2],
      ['routes.a.timeoutMs', 6],
    ]);
    expect(error.issues[0]?.message).toContain('expected a size');
    expect(error.issues[1]?.message).toContain('expected a duration');
  });

  it('refuses a bare number under a second for a request timeout, wherever timeouts are set', () => {
    const error = configError(
      yaml([
        'providers:',
        '  openai: { type: openai, timeoutMs: 600 }',
        'routes:',
        '  fast:',
        '    targets: [ { provider: openai, model: m, timeoutMs: 30 } ]',
        '    timeoutMs: 30',
        '    ttftTimeoutMs: 1.5',
        '    deadlineMs: 999',
      ]),
    );
    expect(error.issues).toEqual([
      { path: 'providers.openai.timeoutMs', message: '600 ms is too short for a timeout; write 600s for seconds (or 600ms if you mean it)', line: 2 },
      { path: 'routes.fast.targets.0.timeoutMs', message: '30 ms is too short for a timeout; write 30s for seconds (or 30ms if you mean it)', line: 5 },
      { path: 'routes.fast.timeoutMs', message: '30 ms is too short for a timeout; write 30s for seconds (or 30ms if you mean it)', line: 6 },
      { path: 'routes.fast.ttftTimeoutMs', message: '1.5 ms is too short for a timeout; write 1.5s for seconds (or 1.5ms if you mean it)', line: 7 },
      { path: 'routes.fast.deadlineMs', message: '999 ms is too short for a timeout; write 999s for seconds (or 999ms if you mean it)', line: 8 },
    ]);
    // With its unit a short timeout is meant, and a bare number of a second or more is fine.
    const config = parseConfig(yaml(['providers:', '  openai: { type: openai, timeoutMs: 1000 }', 'routes:', '  fast:', '    targets: [ { provider: openai, model: m, timeoutMs: 30ms } ]', '    ttftTimeoutMs: 500ms']));
    expect(config.providers.openai?.timeoutMs).toBe(1000);
    expect(config.routes.fast).toMatchObject({ targets: [{ timeoutMs: 30 }], ttftTimeoutMs: 500 });
    expect(configError(yaml(['routes:', '  fast:', '    targets: [ { provider: openai, model: m } ]', '    timeoutMs: 0'])).issues[0]?.message).toBe('must be greater than 0');
  });

  it('refuses an API key pasted as a credential name, without repeating it, and says where it goes', () => {
    const keys = ['sk-proj-abcdef123', `sk-ant-api03-${'Ab3dEf6hIj9kLm2n'.repeat(6)}`, `AIza${'Sy0aBcDeFgHiJkLmNoPqRsTuVwXyZ01234'}`, `gsk_${'aB3'.repeat(17)}x`, `xai-${'Qz7'.repeat(27)}`];
    const error = configError(yaml(['providers:', ...keys.map((key, i) => `  p${i}: { type: openai, credential: ${key} }`), '  my.box: { type: openai, credential: "sk-proj-x" }']));
    expect(error.issues.map((issue) => [issue.path, issue.message])).toEqual([
      ...keys.map((_, i) => [
        `providers.p${i}.credential`,
        `this is an API key, not the name of one, and keys never go in this file: store it in the UI (Providers & Keys) or in SWITCHBOARD_SECRET_P${i}, then write credential: p${i}`,
      ]),
      ['providers.my.box.credential', 'this is an API key, not the name of one, and keys never go in this file: store it in the UI (Providers & Keys) or in SWITCHBOARD_SECRET_MY_BOX, then write credential: my.box'],
    ]);
    for (const key of keys) expect(error.message).not.toContain(key.slice(4, 16));
    // Names that merely start like a key are names.
    const names = parseConfig(yaml(['providers:', '  xai: { type: openai-compatible, preset: xai, credential: xai-prod }', '  hf: { type: openai, credential: hf_token }', '  sk: { type: openai, credential: sk-team-2 }']));
    expect(Object.values(names.providers).map((provider) => provider.credential)).toEqual(['xai-prod', 'hf_token', 'sk-team-2']);
  });

  it('merges shared blocks with YAML merge keys, kept under top-level x- keys', () => {
    const config = parseConfig(
      yaml([
        'x-resilient: &resilient',
        '  retry: { attempts: 4 }',
        '  timeoutMs: 20s',
        'providers:',
        '  openai: { type: openai, credential: openai }',
        'routes:',
        '  fast:',
        '    <<: *resilient',
        '    targets: [{ provider: openai, model: gpt-4o-mini }]',
        '  slow:',
        '    <<: *resilient',
        '    timeoutMs: 90s',
        '    targets: [{ provider: openai, model: gpt-4o }]',
      ]),
    );
    expect(Object.keys(config)).not.toContain('x-resilient');
    expect(config.routes.fast).toMatchObject({ retry: { attempts: 4 }, timeoutMs: 20_000 });
    // A key written in the route wins over the merged one.
    expect(config.routes.slow).toMatchObject({ retry: { attempts: 4 }, timeoutMs: 90_000 });
    // What a merge brings in is checked where it lands.
    const error = configError(yaml(['x-bad: &bad', '  retry: { attempts: lots }', 'routes:', '  r:', '    <<: *bad', '    targets: [{ provider: p, model: m }]']));
    expect(error.issues[0]?.path).toBe('routes.r.retry.attempts');
  });

  it('refuses a literal API key without echoing it', () => {
    const error = configError(yaml(['providers:', '  openai: { type: openai, apiKey: sk-live-abc123 }']));
    expect(error.issues).toEqual([{ path: 'providers.openai.apiKey', message: expect.stringContaining('env reference'), line: 2 }]);
    expect(error.message).not.toContain('sk-live-abc123');
  });

  it('refuses keys smuggled in through headers', () => {
    const error = configError(yaml(['providers:', '  p:', '    type: openai', '    headers:', '      X-Api-Key: abc', '      X-Title: fine']));
    expect(error.issues).toEqual([{ path: 'providers.p.headers.X-Api-Key', message: expect.stringContaining('keys never go in this file'), line: 5 }]);
    expect(error.message).not.toContain('abc');
  });

  it('takes secret references in header values: credential:NAME and env:VAR', () => {
    const config = parseConfig(
      yaml(['providers:', '  apim:', '    type: openai-compatible', '    baseUrl: "https://apim.example/v1"', '    headers: { Ocp-Apim-Subscription-Key: "credential:apim", Helicone-Auth: "env:HELICONE_KEY", X-Title: Mine }']),
    );
    expect(config.providers.apim?.headers).toEqual({ 'Ocp-Apim-Subscription-Key': 'credential:apim', 'Helicone-Auth': 'env:HELICONE_KEY', 'X-Title': 'Mine' });
  });

  it('refuses a literal secret in a header that carries one, naming the header and the reference to write', () => {
    const values = ['apim-LEAK-0003', 'Bearer cf-LEAK-0004', 'Bearer helicone-LEAK-0005', 'pk-LEAK-0006', 'tok-LEAK-0007'];
    const error = configError(
      yaml([
        'providers:',
        '  gw:',
        '    type: openai-compatible',
        '    baseUrl: "https://gw.example/v1"',
        '    headers:',
        `      Ocp-Apim-Subscription-Key: ${values[0]}`,
        `      cf-aig-authorization: ${values[1]}`,
        `      Helicone-Auth: ${values[2]}`,
        `      x-portkey-api-key: ${values[3]}`,
        `      X_Session_Token: ${values[4]}`,
      ]),
    );
    expect(error.issues.map((issue) => [issue.path, issue.line])).toEqual([
      ['providers.gw.headers.Ocp-Apim-Subscription-Key', 6],
      ['providers.gw.headers.cf-aig-authorization', 7],
      ['providers.gw.headers.Helicone-Auth', 8],
      ['providers.gw.headers.x-portkey-api-key', 9],
      ['providers.gw.headers.X_Session_Token', 10],
    ]);
    expect(error.issues[0]?.message).toBe(
      '"Ocp-Apim-Subscription-Key" carries a secret, and secrets never go in this file: store it in the UI (Providers & Keys) or in SWITCHBOARD_SECRET_GW_OCP_APIM_SUBSCRIPTION_KEY, then write Ocp-Apim-Subscription-Key: "credential:gw-ocp-apim-subscription-key" (or "env:VAR" to read it from the environment)',
    );
    for (const value of values) expect(error.message).not.toContain(value.slice(-8));
  });

  it('refuses a key-shaped value in any header, and a key pasted as the credential name', () => {
    const key = 'sk-proj-' + 'Ab1'.repeat(10);
    const error = configError(yaml(['providers:', '  p:', '    type: openai', '    headers:', `      X-Team: ${key}`, `      X-Other: "Bearer ${key}"`, `      X-Upstream-Auth: "credential:${key}"`]));
    expect(error.issues.map((issue) => issue.path)).toEqual(['providers.p.headers.X-Team', 'providers.p.headers.X-Other', 'providers.p.headers.X-Upstream-Auth']);
    expect(error.issues[2]?.message).toContain('this is a secret, not the name of one');
    expect(error.message).not.toContain(key.slice(8));
  });

  it('refuses malformed header references with the syntax', () => {
    const error = configError(yaml(['providers:', '  p:', '    type: openai', '    headers: { Helicone-Auth: "credential:has space", X-Portkey-Api-Key: "env:1BAD", X-Api-Key: "credential:ok" }']));
    expect(error.issues.map((issue) => issue.message)).toEqual([
      '"Helicone-Auth": credential:NAME names a stored secret: 1 to 64 letters, digits, ".", "_" or "-"',
      '"X-Portkey-Api-Key": env:VAR names an environment variable: letters, digits and "_", not starting with a digit',
      expect.stringContaining('"X-Api-Key" carries a key, and keys never go in this file: use credential (keychain) or apiKey: env:VAR'),
    ]);
  });

  it('keeps ordinary headers literal: versions, organisations, referers, titles, teams', () => {
    const headers = { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'prompt-caching-2024-07-31', 'OpenAI-Organization': 'org-123', 'HTTP-Referer': 'https://example.com', 'X-Title': 'My laptop', 'x-team': 'research', 'x-portkey-trace-id': 'run-1', 'Helicone-Cache-Enabled': 'true' };
    const config = parseConfig(yaml(['providers:', `  p: { type: openai, headers: ${JSON.stringify(headers)} }`]));
    expect(config.providers.p?.headers).toEqual(headers);
  });

  it('refuses a route name with a slash', () => {
    const error = configError(yaml(['routes:', '  openai/gpt-4o:', '    targets: [ { provider: openai, model: gpt-4o } ]']));
    expect(error.issues).toEqual([{ path: 'routes.openai/gpt-4o', message: expect.stringContaining('provider/model'), line: 2 }]);
  });

  it('lists every problem, in file order', () => {
    const error = configError(yaml(['server: { port: 70000 }', 'providers:', '  a: { type: openai, credential: "" }']));
    expect(error.issues.map((issue) => [issue.path, issue.message, issue.line])).toEqual([
      ['server.port', 'must be <= 65535', 1],
      ['providers.a.credential', expect.stringContaining('name of a stored secret'), 3],
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.summary()).toMatch(/^line 1: server\.port: must be <= 65535; line 3: providers\.a\.credential: a credential is/);
  });

  it('is an invalid_config GatewayError pointing at the first problem', () => {
    const error = configError(yaml(['server: { port: -1 }']));
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400, code: 'invalid_config', param: 'server.port', retryable: false });
  });
});

describe('defaultConfigText', () => {
  it('is a valid config that requires auth and defines nothing yet', () => {
    const config = parseConfig(defaultConfigText());
    expect(config.server.auth).toBe('required');
    expect(config.providers).toEqual({});
  });

  it('becomes a working config when its examples are uncommented', () => {
    const uncommented = defaultConfigText()
      .split('\n')
      .map((line) => line.replace(/^# ?((?:providers|routes):|\s{2,}\S)/, '$1'))
      .join('\n');
    const config = parseConfig(uncommented);
    expect(Object.keys(config.providers)).toEqual(['openai', 'anthropic', 'gemini', 'ollama', 'groq']);
    expect(Object.keys(config.routes)).toEqual(['workhorse', 'local', 'claude-*']);
  });
});

describe('loadConfigFile', () => {
  it('reads a file and names it in errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-config-'));
    try {
      const file = path.join(dir, 'config.yaml');
      await writeFile(file, 'server: { port: 4100 }\n');
      expect((await loadConfigFile(file)).server.port).toBe(4100);
      await writeFile(file, 'server: { port: x }\n');
      await expect(loadConfigFile(file)).rejects.toThrow(`Invalid config in ${file}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
