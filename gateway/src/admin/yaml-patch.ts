/**
 * Edits a YAML document toward new values in place, so the parts that did not change keep their
 * comments, key order and flow/block style. Used by the route and provider endpoints, which
 * receive whole objects from the UI: replacing the node outright would drop every comment in it.
 */
import { isMap, isNode, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, Node, Pair, YAMLSeq } from 'yaml';
import { deepEqual } from './config-diff';

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

/** What names a sequence item across edits: the route it points at, or a target's provider and model. */
function identityOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.route === 'string') return `route:${value.route}`;
  if (typeof value.provider === 'string' && typeof value.model === 'string') return `target:${value.provider}/${value.model}`;
  return undefined;
}

const sameIdentity = (a: unknown, b: unknown): boolean => {
  const id = identityOf(a);
  return id !== undefined && id === identityOf(b);
};

/**
 * For each item of `after`, the index in `before` of the item it continues, so that item's
 * comments and style go with it when targets are reordered (`# first choice` stays on its
 * target). Items are paired when unchanged, then by identityOf, each only where the pairing is
 * unambiguous; the rest by position, as an in-place edit of that slot, then duplicates with the
 * old items still free that they match; else undefined (new).
 */
function matchItems(before: readonly unknown[], after: readonly unknown[]): (number | undefined)[] {
  const match: (number | undefined)[] = after.map(() => undefined);
  const claimed = new Set<number>();
  const pair = (same: (a: unknown, b: unknown) => boolean): void => {
    after.forEach((value, i) => {
      if (match[i] !== undefined) return;
      const candidates = before.flatMap((old, j) => (!claimed.has(j) && same(old, value) ? [j] : []));
      const at = candidates[0];
      if (at === undefined || candidates.length > 1) return;
      // Two new items that could both continue it: neither does.
      if (after.some((other, k) => k !== i && match[k] === undefined && same(before[at], other))) return;
      match[i] = at;
      claimed.add(at);
    });
  };
  pair(deepEqual);
  pair(sameIdentity);
  after.forEach((_, i) => {
    if (match[i] === undefined && i < before.length && !claimed.has(i)) {
      match[i] = i;
      claimed.add(i);
    }
  });
  // Duplicates left over (the same target twice, moved): each continues the first old item
  // still free that it equals, or shares an identity with, so no comment is dropped.
  for (const same of [deepEqual, sameIdentity]) {
    after.forEach((value, i) => {
      if (match[i] !== undefined) return;
      const at = before.findIndex((old, j) => !claimed.has(j) && same(old, value));
      if (at < 0) return;
      match[i] = at;
      claimed.add(at);
    });
  }
  return match;
}

/**
 * The yaml package keeps every comment between `targets:` and the first item on the sequence:
 * one after `targets:` on that line (which it would then print on a line of its own), and the
 * lines above the first item (which a reorder would leave on whichever item comes first). The
 * first goes back to the key, the others onto the item they describe. Only the source tokens
 * (parseConfigDocument keeps them) tell the two apart.
 */
function placeListComments(pair: Pair, seq: YAMLSeq): void {
  const sep = pair.srcToken?.sep;
  const first = seq.items[0];
  if (seq.flow || !seq.commentBefore || !sep || !isScalar(pair.key) || pair.key.comment || !isNode(first) || first.commentBefore) return;
  const newline = sep.findIndex((token) => token.type === 'newline');
  const sameLine = sep.slice(0, newline < 0 ? undefined : newline).some((token) => token.type === 'comment');
  const lines = seq.commentBefore.split('\n');
  if (sameLine) pair.key.comment = lines.shift();
  const start = lines.findIndex((line) => line !== '');
  if (start >= 0) first.commentBefore = lines.slice(start).join('\n');
  if (start > 0) first.spaceBefore = true;
  seq.commentBefore = undefined;
}

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
      const pair = node.items.find((item) => keyOf(item.key) === key);
      if (pair && isSeq(existing) && Array.isArray(next)) placeListComments(pair, existing);
      node.set(key, existing === undefined ? createStyledNode(doc, next) : patchNode(doc, existing, next));
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const existing = [...node.items];
    const match = matchItems(
      existing.map((item) => (isNode(item) ? (item.toJS(doc, { maxAliasCount: 100 }) as unknown) : item)),
      value,
    );
    node.items = value.map((next: unknown, i) => {
      const at = match[i];
      return at === undefined ? createStyledNode(doc, next, true) : patchNode(doc, existing[at], next);
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
