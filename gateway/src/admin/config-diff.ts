/** Path-level differences between two parsed configs, for "what will this save change?". */
import type { ConfigChangeDto } from './api-types';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether two JSON-like values are equal, key order aside. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const otherKeys = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === otherKeys.length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The changes from `before` to `after`: objects are compared key by key and arrays item by
 * item, down to the first level where the values stop being both objects (or both arrays).
 * Paths are dotted (`routes.workhorse.targets.1.model`), in the order keys appear.
 */
export function diffConfig(before: unknown, after: unknown): ConfigChangeDto[] {
  const changes: ConfigChangeDto[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string[], out: ConfigChangeDto[]): void {
  if (deepEqual(before, after)) return;
  const here = path.join('.');
  if (isRecord(before) && isRecord(after)) {
    for (const key of Object.keys(before)) {
      if (before[key] === undefined) continue;
      if (after[key] === undefined) out.push({ path: [...path, key].join('.'), kind: 'removed', before: before[key] });
      else walk(before[key], after[key], [...path, key], out);
    }
    for (const key of Object.keys(after)) {
      if (after[key] !== undefined && before[key] === undefined) out.push({ path: [...path, key].join('.'), kind: 'added', after: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) walk(before[i], after[i], [...path, String(i)], out);
    for (let i = common; i < before.length; i++) out.push({ path: [...path, String(i)].join('.'), kind: 'removed', before: before[i] });
    for (let i = common; i < after.length; i++) out.push({ path: [...path, String(i)].join('.'), kind: 'added', after: after[i] });
    return;
  }
  out.push({ path: here, kind: 'changed', before, after });
}
