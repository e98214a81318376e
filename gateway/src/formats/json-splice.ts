/**
 * Rewrites members of a JSON object in its text, leaving every other byte as the client sent
 * it. A native request goes upstream with only `model` changed; re-serialising the parsed body
 * instead would cost a JSON.stringify of the whole prompt on every call and would change what
 * JSON.parse cannot hold (integers past 2^53 lose digits, `1.0` becomes `1`).
 */

/** The end of a number or literal (`true`, `null`…). */
const SCALAR_END = /[\s,}\]]/g;

/**
 * `text` (a JSON object, as JSON.parse accepted it) with the top-level members named in `set`
 * holding the given JSON values instead, every occurrence of them (JSON.parse keeps the last of
 * a repeated key, so all are replaced), and those it lacks appended. Undefined when `text` is
 * not an object.
 */
export function spliceMembers(text: string, set: Readonly<Record<string, string>>): string | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i = skipSpace(text, i + 1);
  const names = Object.keys(set);
  const found = names.map(() => false);
  let out = '';
  let from = 0;
  let members = 0;
  while (text.charCodeAt(i) !== 0x7d /* } */) {
    if (i >= text.length) return undefined; // not an object JSON.parse accepted
    if (members > 0) i = skipSpace(text, i + 1); // past the ','
    const keyEnd = stringEnd(text, i);
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the ':'
    const valueEnd = valueEndAt(text, valueStart);
    const index = memberIndex(text, i, keyEnd, names);
    if (index >= 0) {
      out += text.slice(from, valueStart) + (set[names[index] as string] as string);
      from = valueEnd;
      found[index] = true;
    }
    members += 1;
    i = skipSpace(text, valueEnd);
  }
  out += text.slice(from, i);
  for (let n = 0; n < names.length; n++) {
    if (found[n]) continue;
    out += `${members > 0 ? ',' : ''}${JSON.stringify(names[n])}:${set[names[n] as string] as string}`;
    members += 1;
  }
  return out + text.slice(i);
}

/** Which of `names` the key string at `start`..`end` (quotes included) spells, or -1. */
function memberIndex(text: string, start: number, end: number, names: readonly string[]): number {
  let escaped = false;
  for (let k = start + 1; k < end - 1 && !escaped; k++) escaped = text.charCodeAt(k) === 0x5c; /* \ */
  const key = escaped ? (JSON.parse(text.slice(start, end)) as string) : undefined;
  for (let n = 0; n < names.length; n++) {
    const name = names[n] as string;
    if (key !== undefined ? key === name : end - start - 2 === name.length && text.startsWith(name, start + 1)) return n;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i += 1;
  }
}

/** The index just past the string starting at `start` (its opening quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length; // unterminated: not from JSON.parse, but never loop on it
    // An odd run of backslashes before the quote escapes it.
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === 0x5c /* \ */) slashes += 1;
    if (slashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index just past the value starting at `start`. */
function valueEndAt(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === 0x22 /* " */) return stringEnd(text, start);
  if (c !== 0x7b && c !== 0x5b /* { [ */) {
    SCALAR_END.lastIndex = start;
    return SCALAR_END.exec(text)?.index ?? text.length;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) i = stringEnd(text, i) - 1;
    else if (ch === 0x7b || ch === 0x5b /* { [ */) depth += 1;
    else if ((ch === 0x7d || ch === 0x5d /* } ] */) && --depth === 0) return i + 1;
  }
  return text.length;
}
