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

  it('reports duplicate keys as a YAML error', () => {
    const error = configError(yaml(['routes: {}', 'routes: {}']));
    expect(error.issues[0]).toMatchObject({ line: 2 });
    expect(error.issues[0]?.message).toMatch(/unique/i);
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

  it('names unknown keys one by one, with a suggestion', () => {
    const error = configError(yaml(['server:', '  prot: 4000', 'routes:', '  a:', '    targets: [ { provider: x, model: y, timeoutMS: 10 } ]', 'rotues: {}']));
    expect(error.issues).toEqual([
      { path: 'server.prot', message: 'unknown key "prot" — did you mean "port"?', line: 2 },
      { path: 'routes.a.targets.0.timeoutMS', message: 'unknown key "timeoutMS" — did you mean "timeoutMs"?', line: 5 },
      { path: 'rotues', message: 'unknown key "rotues" — did you mean "routes"?', line: 6 },
    ]);
  });

  it('spells out the choices of an enum', () => {
    const error = configError(yaml(['providers:', '  x: { type: opnai }']));
    expect(error.issues).toEqual([{ path: 'providers.x.type', message: 'expected one of: openai, anthropic, gemini, azure, openai-compatible', line: 2 }]);
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
    expect(Object.keys(config.routes)).toEqual(['workhorse', 'local']);
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
