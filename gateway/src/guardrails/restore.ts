import { isRecord, mapArray, mapValues } from './copy-on-write';
import { PLACEHOLDER } from './vault';
import type { Vault } from './vault';

/** How a restored value is written: as is, or escaped to sit inside a JSON string literal. */
export type RestoreEscape = 'none' | 'json';

/** Puts the real values back for every placeholder this vault handed out; anything else is left as written. */
export function restoreText(text: string, vault: Vault, escape: RestoreEscape = 'none'): string {
  if (vault.size === 0 || !text.includes('[')) return text;
  return text.replace(PLACEHOLDER, (placeholder) => {
    const original = vault.original(placeholder);
    if (original === undefined) return placeholder;
    return escape === 'json' ? JSON.stringify(original).slice(1, -1) : original;
  });
}

/**
 * Restores inside JSON text (tool-call arguments, `partial_json`): a placeholder sits inside a
 * string literal there, so a value with quotes or newlines (a PEM key) is escaped to match.
 */
export function restoreJsonText(text: string, vault: Vault): string {
  return restoreText(text, vault, 'json');
}

/** Restores every string inside a parsed value (Anthropic `tool_use.input`); copies only what changes. */
export function restoreJsonValue(value: unknown, vault: Vault): unknown {
  if (vault.size === 0) return value;
  if (typeof value === 'string') return restoreText(value, vault);
  if (Array.isArray(value)) return mapArray(value, (item) => restoreJsonValue(item, vault));
  if (isRecord(value)) return mapValues(value, (item) => restoreJsonValue(item, vault));
  return value;
}
