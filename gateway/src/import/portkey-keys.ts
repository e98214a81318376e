/**
 * Portkey reads config keys in snake_case or camelCase (`virtual_key` or `virtualKey`: its
 * gateway converts every key before reading one), and both are documented. The importer reads
 * snake_case, so a node's own keys, and those of its `strategy` and `retry`, are converted
 * first. What override_params and conditions hold (request fields, metadata names) is data, not
 * config keys, and is left as written, as Portkey leaves it.
 */
import type { ImportNote } from './types';

const snake = (key: string): string => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `map` with snake_case keys; when both spellings are present the snake_case one is kept. */
export function snakeKeys(map: Record<string, unknown>, at: string, notes: ImportNote[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    const name = snake(key);
    if (name !== key && Object.hasOwn(map, name)) notes.push({ at: `${at}.${key}`, message: `also written as ${name}, which is used: ignored` });
    else out[name] = value;
  }
  return out;
}
