/**
 * The problems of an edit the config refused, told in lines of the file the user has open. The
 * edit's text was never written, so its line numbers point nowhere the user can look: a problem
 * keeps a line only where the file holds what it is about unchanged (a route that still uses a
 * provider being removed), taken from the file; otherwise only its path is given.
 */
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../config/config-error';
import type { ConfigIssue } from '../config/config-error';
import { lineOf } from '../config/yaml-locate';
import { deepEqual } from './config-diff';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The segments of a dotted issue path that lead through `value`, or undefined when it does not
 * go all the way. Keys may contain dots themselves (`metadata.tier` in a rule's `when`).
 */
function segmentsIn(value: unknown, dotted: string): string[] | undefined {
  if (dotted === '') return [];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : isRecord(value) ? Object.keys(value) : [];
  for (const key of keys.filter((k) => dotted === k || dotted.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)) {
    const child: unknown = Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
    const rest = segmentsIn(child, dotted.slice(key.length + 1));
    if (rest) return [key, ...rest];
  }
  return undefined;
}

function at(value: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, key) => (Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined), value);
}

/** `error` (from validating `edited`, an edit of `original`) with its lines moved to `original`'s, or dropped. */
export function inOriginalLines(error: ConfigError, original: string, edited: string): ConfigError {
  const lineCounter = new LineCounter();
  // `merge` as in parseConfig: issue paths run through what merge keys (`<<: *shared`) bring in.
  const doc = parseDocument(original, { lineCounter, uniqueKeys: true, merge: true });
  const before: unknown = doc.toJS({ maxAliasCount: 100 });
  const after: unknown = parseDocument(edited, { uniqueKeys: true, merge: true }).toJS({ maxAliasCount: 100 });
  const issues = error.issues.map((issue): ConfigIssue => {
    const pathOnly = { path: issue.path, message: issue.message };
    const segments = issue.path === '' ? undefined : segmentsIn(after, issue.path);
    if (!segments) return pathOnly;
    // What the problem is about: a scalar's whole mapping (`unknown key "model"` is about the
    // target that lacks a provider). The file does not show it when the edit changed it.
    const subject = isRecord(at(after, segments)) || Array.isArray(at(after, segments)) ? segments : segments.slice(0, -1);
    if (!deepEqual(at(before, subject), at(after, subject))) return pathOnly;
    const line = lineOf(doc, lineCounter, segments);
    return line === undefined ? pathOnly : { ...pathOnly, line };
  });
  return new ConfigError(issues, error.source);
}
