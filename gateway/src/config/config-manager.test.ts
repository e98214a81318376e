import { mkdtemp, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { ConfigManager } from './config-manager';
import type { ConfigEvent } from './config-manager';
import { defaultConfigText } from './load';

const routeTo = (model: string): string => `providers:\n  openai: { type: openai, credential: openai }\nroutes:\n  fast:\n    targets: [ { provider: openai, model: ${model} } ]\n`;
const modelOf = (manager: ConfigManager): unknown => (manager.current().routes.fast?.targets[0] as { model?: string } | undefined)?.model;

/** Polls until `check` holds (file events are asynchronous), failing after `ms`. */
async function eventually(check: () => boolean, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let file: string;
let logged: string[];
const managers: ConfigManager[] = [];

async function open(options: { watch: boolean; onInvalidStart?: 'throw' | 'empty' } = { watch: true }): Promise<ConfigManager> {
  const manager = await ConfigManager.open(file, { ...options, log: (line) => logged.push(line) });
  managers.push(manager);
  return manager;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-config-manager-'));
  file = path.join(dir, 'config.yaml');
  logged = [];
});

afterEach(async () => {
  for (const manager of managers.splice(0)) manager.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ConfigManager.open', () => {
  it('creates the starter file (mode 0600, in a new directory) when it is missing', async () => {
    file = path.join(dir, 'nested', 'config.yaml');
    const manager = await open({ watch: false });
    expect(await readFile(file, 'utf8')).toBe(defaultConfigText());
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(manager.version).toBe(1);
    expect(manager.current().server.auth).toBe('required');
    expect(manager.path).toBe(file);
  });

  it('names the path when the config cannot be read, e.g. a directory given for the file', async () => {
    file = dir;
    await expect(open({ watch: false })).rejects.toThrow(`cannot read the config file ${dir}: it is a directory; give the path of the YAML file itself`);
  });

  it('refuses to start on an invalid file, or starts empty when asked to', async () => {
    await writeFile(file, 'routes: [\n');
    await expect(open({ watch: false })).rejects.toBeInstanceOf(ConfigError);
    const manager = await open({ watch: false, onInvalidStart: 'empty' });
    expect(manager.current().routes).toEqual({});
    expect(manager.lastError()?.issues[0]?.message).toMatch(/YAML syntax/);
    expect(logged).toHaveLength(1);
  });
});

describe('live reload', () => {
  it('applies a valid edit within a second and tells subscribers', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    const before = manager.current();
    const events: ConfigEvent[] = [];
    manager.subscribe((event) => events.push(event));

    await writeFile(file, routeTo('gpt-4o-mini'));
    await eventually(() => modelOf(manager) === 'gpt-4o-mini');
    expect(manager.version).toBe(2);
    // What it replaced goes with it (the audit log's diff); a hand edit has no origin.
    expect(events).toEqual([{ type: 'applied', config: manager.current(), version: 2, previous: before }]);
  });

  it('refuses an invalid edit, keeps serving the last good config and says so once on the log', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    const events: ConfigEvent[] = [];
    manager.subscribe((event) => events.push(event));

    await writeFile(file, routeTo('gpt-4o').replace('provider: openai', 'provider: opnai'));
    await eventually(() => events.length > 0);
    expect(events[0]?.type).toBe('rejected');
    const error = events[0]?.type === 'rejected' ? events[0].error : undefined;
    expect(error?.issues).toEqual([{ path: 'routes.fast.targets.0.provider', message: expect.stringContaining('unknown provider "opnai"'), line: 5 }]);
    expect(modelOf(manager)).toBe('gpt-4o');
    expect(manager.version).toBe(1);
    expect(manager.lastError()).toBe(error);
    expect(logged).toEqual([expect.stringMatching(/config .*config\.yaml rejected, still serving version 1: line 5: routes\.fast\.targets\.0\.provider: unknown provider/)]);
    expect(logged[0]).not.toContain('\n');

    // Fixing the file applies it and clears the error.
    await writeFile(file, routeTo('gpt-4.1'));
    await eventually(() => modelOf(manager) === 'gpt-4.1');
    expect(manager.lastError()).toBeUndefined();
    expect(logged).toHaveLength(1);
  });

  it('tells subscribers when a rejected edit is undone, so the error shown goes away', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open({ watch: false });
    const events: ConfigEvent[] = [];
    manager.subscribe((event) => events.push(event));
    await writeFile(file, routeTo('gpt-4o').replace('provider: openai', 'provider: opnai'));
    expect((await manager.reload()).type).toBe('rejected');

    await writeFile(file, routeTo('gpt-4o'));
    // The config in use never changed: it is its own previous.
    expect(await manager.reload()).toEqual({ type: 'applied', config: manager.current(), version: 1, previous: manager.current() });
    expect(manager.lastError()).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual(['rejected', 'applied']);
    await expect(manager.reload()).resolves.toEqual({ type: 'unchanged', version: 1 });
  });

  it('survives an editor-style save: write a temp file, rename it over the config', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    for (const model of ['first-save', 'second-save']) {
      const temp = path.join(dir, '.config.yaml.swp');
      await writeFile(temp, routeTo(model));
      await rename(temp, file);
      await eventually(() => modelOf(manager) === model);
    }
    expect(manager.version).toBe(3);
  });

  it('keeps serving while the file is briefly deleted, then applies the new one', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    const events: ConfigEvent[] = [];
    manager.subscribe((event) => events.push(event));
    await unlink(file);
    await sleep(250);
    expect(modelOf(manager)).toBe('gpt-4o');
    expect(events).toEqual([]);
    await writeFile(file, routeTo('recreated'));
    await eventually(() => modelOf(manager) === 'recreated');
  });

  it('ignores saves that do not change the text', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    await writeFile(file, routeTo('gpt-4o'));
    await sleep(300);
    expect(manager.version).toBe(1);
    await expect(manager.reload()).resolves.toEqual({ type: 'unchanged', version: 1 });
  });

  it('does not watch when asked not to, but reloads on demand', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open({ watch: false });
    await writeFile(file, routeTo('manual'));
    await sleep(300);
    expect(modelOf(manager)).toBe('gpt-4o');
    const result = await manager.reload();
    expect(result).toMatchObject({ type: 'applied', version: 2 });
    expect(modelOf(manager)).toBe('manual');
  });
});

describe('write', () => {
  it('writes atomically and applies, leaving no temp files behind', async () => {
    const manager = await open();
    const events: ConfigEvent[] = [];
    manager.subscribe((event) => events.push(event));

    const result = await manager.write(routeTo('from-ui'));
    expect(result.version).toBe(2);
    expect(modelOf(manager)).toBe('from-ui');
    expect(await readFile(file, 'utf8')).toBe(routeTo('from-ui'));
    expect(manager.currentText()).toBe(routeTo('from-ui'));
    expect(await readdir(dir)).toEqual(['config.yaml']);

    // The watcher sees our own write but must not apply it a second time.
    await sleep(300);
    expect(manager.version).toBe(2);
    expect(events.map((event) => event.type)).toEqual(['applied']);
  });

  it('refuses invalid text without touching the file', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open();
    await expect(manager.write('routes:\n  a: { targets: [] }\n')).rejects.toMatchObject({ issues: [{ path: 'routes.a.targets', line: 2 }] });
    expect(await readFile(file, 'utf8')).toBe(routeTo('gpt-4o'));
    expect(manager.version).toBe(1);
  });

  it('refuses to overwrite a hand edit it has not loaded yet, and leaves the file as the user saved it', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open({ watch: false });
    await writeFile(file, `# by hand\n${routeTo('gpt-4.1')}`);
    await expect(manager.write(routeTo('from-ui'))).rejects.toMatchObject({ status: 409, code: 'config_changed_on_disk' });
    expect(await readFile(file, 'utf8')).toBe(`# by hand\n${routeTo('gpt-4.1')}`);
    expect(manager.version).toBe(1);
  });

  it('refuses to overwrite a file it rejected, naming the problem', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open({ watch: false });
    await writeFile(file, `${routeTo('gpt-4o')}  half: { targets: [ { provider: groq, model: x } ] }\n`);
    expect((await manager.reload()).type).toBe('rejected');
    const refused = await manager.write(routeTo('from-ui')).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 409, code: 'config_changed_on_disk' });
    expect((refused as Error).message).toMatch(/config\.yaml changed on disk .*does not validate \(line 6: routes\.half\.targets\.0\.provider/);
    expect(await readFile(file, 'utf8')).toContain('half:');
  });

  it('writes when the file is missing: there is nothing on disk to lose', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await open({ watch: false });
    await unlink(file);
    expect((await manager.write(routeTo('from-ui'))).version).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(routeTo('from-ui'));
  });
});

describe('subscribe', () => {
  it('stops delivering events after unsubscribe, and survives a throwing listener', async () => {
    const manager = await open({ watch: false });
    const seen: number[] = [];
    manager.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = manager.subscribe((event) => {
      if (event.type === 'applied') seen.push(event.version);
    });
    await manager.write(routeTo('one'));
    unsubscribe();
    await manager.write(routeTo('two'));
    expect(seen).toEqual([2]);
    expect(manager.version).toBe(3);
    expect(logged.filter((line) => line.includes('listener failed'))).toHaveLength(2);
  });
});
