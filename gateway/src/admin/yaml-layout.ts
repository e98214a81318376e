/**
 * The yaml package keeps comments through parse → edit → toString, but normalises layout: it
 * drops blank lines between sections and collapses aligned spacing (`openai:    { … }`,
 * `port: 4000   # comment`). This pass puts the original's layout back on lines the edit did not
 * touch, then checks that the result still means exactly what the edited text means; if not,
 * the normalised text is used as it is.
 */
import { parseDocument } from 'yaml';
import { deepEqual } from './config-diff';

/**
 * The line with runs of inner whitespace collapsed, none next to flow indicators (`{ } [ ] ,`:
 * the yaml package writes `{ a: b }` and `[ 1, 2 ]` for the user's `{a: b}` and `[1,2]`) and
 * none trailing; indentation kept. A quoted string that differs only there gets the same shape,
 * which the meaning check in restoreLayout catches.
 */
function shape(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  return indent + line.slice(indent.length).replace(/\s+/g, ' ').replace(/ ?([{}[\],]) ?/g, '$1').trimEnd();
}

function counts(lines: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines) out.set(line, (out.get(line) ?? 0) + 1);
  return out;
}

function meaning(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  return doc.errors.length > 0 ? Symbol('invalid') : doc.toJS({ maxAliasCount: 100 });
}

/** `edited` (the Document API's output) with `original`'s spacing and blank lines where they still apply. */
export function restoreLayout(original: string, edited: string): string {
  const originalLines = original.split('\n');
  const editedLines = edited.split('\n');
  const originalShapes = originalLines.map(shape);
  const editedShapes = editedLines.map(shape);
  const originalCount = counts(originalShapes);
  const editedCount = counts(editedShapes);
  const unique = (s: string): boolean => s.trim() !== '' && originalCount.get(s) === 1 && editedCount.get(s) === 1;

  const originalByShape = new Map<string, number>();
  originalShapes.forEach((s, i) => originalByShape.set(s, i));

  const out: string[] = [];
  editedLines.forEach((line, i) => {
    const s = editedShapes[i] as string;
    const at = unique(s) ? originalByShape.get(s) : undefined;
    if (at === undefined) {
      out.push(line);
      return;
    }
    // The blank lines the original had before this line, less those the output already has.
    let wanted = 0;
    while (at - wanted - 1 >= 0 && (originalLines[at - wanted - 1] as string).trim() === '') wanted++;
    let present = 0;
    while (present < out.length && (out[out.length - 1 - present] as string).trim() === '') present++;
    for (let k = present; k < wanted; k++) out.push('');
    out.push(originalLines[at] as string);
  });
  const restored = out.join('\n');
  return restored !== edited && deepEqual(meaning(restored), meaning(edited)) ? restored : edited;
}
