/**
 * Every input under fixtures/ (real-world shapes, including those a review found crashing the
 * import) goes through its importer: the result must load with the real config loader, or the
 * file be refused with a reason. "The imported config does not validate (please report this)"
 * means an importer bug and fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load';
import { toYaml } from './emit';
import { importLiteLLM } from './litellm';
import { importPortkey } from './portkey';
import { isMap } from './types';

const root = fileURLToPath(new URL('./fixtures/', import.meta.url));
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.(ya?ml|json)$/.test(file))
  .sort();

/** Inputs that cannot be imported, and what the user is told instead. */
const REFUSED: Record<string, RegExp> = {
  'edge-cases/litellm-empty.yaml': /^nothing in this LiteLLM config could be imported$/,
  'edge-cases/litellm-tab-indent.yaml': /^not a LiteLLM config: YAML syntax: .+ \(line 3, column 1\)$/,
};

const importFile = (file: string, text: string) => (file.endsWith('.json') ? importPortkey(text, { route: path.basename(file, '.json') }) : importLiteLLM(text));

/** Literal keys in the source (api_key / apiKey values that are not env references). */
function literalKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => literalKeys(item, found));
  else if (isMap(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (/^api_?key$/i.test(key) && typeof inner === 'string' && inner.length > 3 && !inner.startsWith('os.environ/')) found.push(inner);
      else literalKeys(inner, found);
    }
  }
  return found;
}

describe('importing every fixture', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const refused = REFUSED[file.split(path.sep).join('/')];
    if (refused) {
      expect(() => importFile(file, text)).toThrow(refused);
      return;
    }
    const result = importFile(file, text);
    const yaml = toYaml(result, 'test');
    const config = parseConfig(yaml);
    expect(Object.keys(config.routes).length).toBeGreaterThan(0);
    for (const note of result.notes) expect(note.message).not.toBe('');
    const source: unknown = file.endsWith('.json') ? JSON.parse(text) : parse(text);
    for (const key of literalKeys(source)) expect(yaml).not.toContain(key);
  });
});
