import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { runImport } from './import';

let dir: string;
const out = { stdout: '', stderr: '' };
const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-import-'));
  out.stdout = '';
  out.stderr = '';
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('switchboard import', () => {
  it('prints a loadable config on stdout and the notes on stderr', async () => {
    const file = path.join(dir, 'prod-router.json');
    await writeFile(file, JSON.stringify({ strategy: { mode: 'fallback' }, targets: [{ provider: 'openai', api_key: 'sk-live', override_params: { model: 'gpt-4o' } }, { provider: 'bedrock' }] }));
    expect(await runImport(['portkey', file], io)).toBe(0);
    expect(parseConfig(out.stdout).routes['prod-router']?.targets).toEqual([{ provider: 'openai', model: 'gpt-4o' }]);
    expect(out.stdout).not.toContain('sk-live');
    expect(out.stderr).toMatch(/config\.targets\.1\.provider: "bedrock" has no Switchboard equivalent/);
  });

  it('writes --out, and refuses to overwrite without --force', async () => {
    const file = path.join(dir, 'config.yaml');
    const target = path.join(dir, 'switchboard.yaml');
    await writeFile(file, 'model_list:\n  - { model_name: m, litellm_params: { model: openai/gpt-4o-mini } }\n');
    expect(await runImport(['litellm', file, '--out', target], io)).toBe(0);
    expect(parseConfig(await readFile(target, 'utf8')).routes.m).toMatchObject({ strategy: 'single' });
    expect(out.stdout).toBe('');
    expect(await runImport(['litellm', file, '--out', target], io)).toBe(1);
    expect(out.stderr).toContain('exists (use --force to overwrite)');
    expect(await runImport(['litellm', file, '--out', target, '--force'], io)).toBe(0);
  });

  it('lists why each entry was skipped when nothing could be imported, and writes nothing', async () => {
    const file = path.join(dir, 'config.yaml');
    const target = path.join(dir, 'switchboard.yaml');
    await writeFile(file, 'model_list:\n  - { model_name: m, litellm_params: { model: openai/llama, api_base: os.environ/LOCAL_BASE } }\n');
    expect(await runImport(['litellm', file, '--out', target], io)).toBe(1);
    expect(out.stderr).toMatch(/^switchboard import: nothing in this LiteLLM config could be imported:\n {2}model_list\.0\.litellm_params\.api_base: os\.environ\/LOCAL_BASE: /);
    expect(out.stdout).toBe('');
    expect(existsSync(target)).toBe(false);
  });

  it('explains its usage', async () => {
    expect(await runImport(['kong', 'x'], io)).toBe(2);
    expect(out.stderr).toContain('usage: switchboard import litellm|portkey FILE');
  });
});
