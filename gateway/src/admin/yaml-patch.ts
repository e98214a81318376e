/**
 * Edits a YAML document toward new values in place, so the parts that did not change keep their
 * comments, key order and flow/block style. Used by the route and provider endpoints, which
 * receive whole objects from the UI: replacing the node outright would drop every comment in it.
 */
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPlain = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * A new node for `value`. Maps inside sequences that hold only scalars are written in flow
 * style (`- { provider: openai, model: gpt-4o }`), the way the docs write targets.
 */
export function createStyledNode(doc: Document, value: unknown, inSequence = false): Node {
  const node = doc.createNode(value) as Node;
  styleNode(node, inSequence);
  return node;
}

function styleNode(node: unknown, inSequence: boolean): void {
  if (isMap(node)) {
    if (inSequence && node.items.every((pair) => isScalar(pair.value))) node.flow = true;
    for (const pair of node.items) styleNode(pair.value, false);
  } else if (isSeq(node)) {
    for (const item of node.items) styleNode(item, true);
  }
}

/** Copies the comments of the node being replaced onto its replacement. */
function keepComments(from: unknown, to: Node): Node {
  if (from !== null && typeof from === 'object' && ('comment' in from || 'commentBefore' in from)) {
    const old = from as { comment?: string | null; commentBefore?: string | null; spaceBefore?: boolean };
    if (old.commentBefore) to.commentBefore = old.commentBefore;
    if (old.comment) to.comment = old.comment;
    if (old.spaceBefore) to.spaceBefore = old.spaceBefore;
  }
  return to;
}

const keyOf = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

/**
 * Returns `node` changed to hold `value` (the same node when its kind fits, else a new one with
 * the old one's comments). Map keys missing from `value` are removed; `undefined` values count
 * as missing.
 */
export function patchNode(doc: Document, node: unknown, value: unknown): Node {
  if (isMap(node) && isRecord(value)) {
    for (const pair of [...node.items]) {
      const key = keyOf(pair.key);
      if (value[key] === undefined) node.delete(pair.key);
    }
    for (const [key, next] of Object.entries(value)) {
      if (next === undefined) continue;
      const existing: unknown = node.get(key, true);
      node.set(key, existing === undefined ? createStyledNode(doc, next) : patchNode(doc, existing, next));
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    node.items.splice(value.length);
    value.forEach((next: unknown, i) => {
      const existing: unknown = node.items[i];
      node.items[i] = existing === undefined ? createStyledNode(doc, next, true) : patchNode(doc, existing, next);
    });
    return node;
  }
  if (isScalar(node) && isPlain(value)) {
    if (node.value === value) return node;
    if (typeof node.value === typeof value) {
      node.value = value;
      return node;
    }
    return keepComments(node, new Scalar(value));
  }
  return keepComments(node, createStyledNode(doc, value));
}

/**
 * Sets `section.name` (e.g. `routes.workhorse`) to `value`, patching an existing entry in place
 * and creating the section when the file has none (or an empty `routes:`).
 */
export function setEntry(doc: Document, section: string, name: string, value: Record<string, unknown>): void {
  const map: unknown = doc.get(section, true);
  if (!isMap(map)) {
    doc.set(section, createStyledNode(doc, { [name]: value }));
    return;
  }
  const existing: unknown = map.get(name, true);
  if (existing !== undefined) {
    map.set(name, patchNode(doc, existing, value));
    return;
  }
  const node = createStyledNode(doc, value);
  // Follow the section's style: a list of one-line `name: { … }` entries gets one more.
  if (isMap(node) && map.items.length > 0 && map.items.every((pair) => isMap(pair.value) && pair.value.flow)) node.flow = true;
  map.set(name, node);
}

/** Removes `section.name`; returns whether it was there. */
export function deleteEntry(doc: Document, section: string, name: string): boolean {
  const map: unknown = doc.get(section, true);
  return isMap(map) ? map.delete(name) : false;
}

/** The entries of a section as written (env refs, `15s` durations), keyed by name. */
export function sectionAsWritten(doc: Document, section: string): Record<string, Record<string, unknown>> {
  const js: unknown = doc.toJS({ maxAliasCount: 100 });
  const entries = isRecord(js) ? js[section] : undefined;
  if (!isRecord(entries)) return {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(entries)) out[name] = isRecord(value) ? value : {};
  return out;
}
