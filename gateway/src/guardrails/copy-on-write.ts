/**
 * Helpers for rewriting a parsed JSON body without mutating it: a container is copied only
 * when something inside it changed, so untouched parts are the input's own objects and
 * serialise to the same bytes.
 */

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `record` itself when `record[key]` already is `value`; otherwise a shallow copy with it set. */
export function setField<T extends Record<string, unknown>>(record: T, key: string, value: unknown): T {
  return record[key] === value ? record : { ...record, [key]: value };
}

/** Maps an array, returning the same array when every item came back unchanged. */
export function mapArray(items: readonly unknown[], map: (item: unknown, index: number) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    const next = map(item, i);
    if (next !== item) {
      copy ??= items.slice();
      copy[i] = next;
    }
  }
  return copy ?? (items as unknown[]);
}

/** mapArray when `value` is an array; anything else passes through. */
export function mapIfArray(value: unknown, map: (item: unknown, index: number) => unknown): unknown {
  return Array.isArray(value) ? mapArray(value, map) : value;
}

/** Maps a record's values, returning the same record when every value came back unchanged. */
export function mapValues(record: Record<string, unknown>, map: (value: unknown, key: string) => unknown): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const next = map(value, key);
    if (next !== value) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return copy ?? record;
}
