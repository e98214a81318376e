/**
 * The pattern a `matches` test runs. A test only asks whether the pattern matches anywhere, so
 * a `.*` that opens or closes it changes no answer, only the cost: `.*error.*`, the way many
 * write "contains error", retries the `.*` from every position of a long line (quadratic, and a
 * JavaScript regex cannot be interrupted), while `error` scans once. Only an unescaped `.*` (or
 * `.*?`) at the very start or end goes; `^.*x` keeps its anchor and its meaning.
 */
export function testPattern(source: string): string {
  let out = source;
  while (out.startsWith('.*')) out = out.slice(out.startsWith('.*?') ? 3 : 2);
  for (;;) {
    const tail = out.endsWith('.*?') ? 3 : out.endsWith('.*') ? 2 : 0;
    if (tail === 0 || escaped(out, out.length - tail)) return out;
    out = out.slice(0, -tail);
  }
}

/** Whether the character at `i` follows an odd run of backslashes (`\.` is a literal dot). */
function escaped(source: string, i: number): boolean {
  let slashes = 0;
  for (let j = i - 1; j >= 0 && source[j] === '\\'; j--) slashes += 1;
  return slashes % 2 === 1;
}
