import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/** Where a node starts in the source text, if the node came from the parser. */
function startOf(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: unknown }).range;
    if (Array.isArray(range) && typeof range[0] === 'number') return range[0];
  }
  return undefined;
}

/**
 * The 1-based line of the YAML node at `path` (a zod or semantic issue path). Walks as deep as
 * the document goes, so a missing key points at the mapping that lacks it; a key that exists
 * points at the key itself, which is where a reader looks.
 */
export function lineOf(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = startOf(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      offset = startOf(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** A key defined twice in one mapping: its path, and the line of its first definition. */
export interface DuplicateKey {
  path: PropertyKey[];
  firstLine: number;
}

/** The duplicate key whose second definition starts at `offset` (where the parser's DUPLICATE_KEY error points). */
export function duplicateKeyAt(doc: Document, lineCounter: LineCounter, offset: number): DuplicateKey | undefined {
  const visit = (node: unknown, path: PropertyKey[]): DuplicateKey | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = pair.key.value;
        if (startOf(pair.key) === offset) {
          const first = node.items.find((other) => isScalar(other.key) && other.key.value === key);
          const firstOffset = startOf(first?.key);
          if (firstOffset === undefined) return undefined;
          return { path: [...path, String(key)], firstLine: lineCounter.linePos(firstOffset).line };
        }
        const found = visit(pair.value, [...path, String(key)]);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = visit(item, [...path, index]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(doc.contents, []);
}
