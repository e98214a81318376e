/**
 * The characters a piece of regular expression can start with, for regex-overlap.ts: exact for
 * ASCII, and one "some non-ASCII character" flag beyond it, which is enough to tell apart the
 * alternatives people write (`\d` from `-`, `[^"\\]` from `\\`) and errs towards overlap.
 */

/** Characters 0–127 as bits, plus whether some non-ASCII character is in the set. */
export class FirstChars {
  readonly ascii = new Uint8Array(128);
  other = false;

  static any(): FirstChars {
    const set = new FirstChars();
    set.ascii.fill(1);
    set.other = true;
    return set;
  }

  add(code: number): void {
    if (code < 128) this.ascii[code] = 1;
    else this.other = true;
  }

  addRange(from: number, to: number): void {
    for (let code = from; code <= Math.min(to, 127); code++) this.ascii[code] = 1;
    if (to >= 128) this.other = true;
  }

  addAll(set: FirstChars): void {
    for (let code = 0; code < 128; code++) if (set.ascii[code]) this.ascii[code] = 1;
    if (set.other) this.other = true;
  }

  /** Everything but this set's ASCII characters, any non-ASCII one included (a conservative `[^…]`). */
  negated(): FirstChars {
    const set = new FirstChars();
    for (let code = 0; code < 128; code++) set.ascii[code] = this.ascii[code] ? 0 : 1;
    set.other = true;
    return set;
  }

  overlaps(set: FirstChars): boolean {
    if (this.other && set.other) return true;
    for (let code = 0; code < 128; code++) if (this.ascii[code] && set.ascii[code]) return true;
    return false;
  }

  /** Both cases of every ASCII letter (the `i` flag). */
  caseless(): void {
    for (let code = 65; code <= 90; code++) {
      if (this.ascii[code] || this.ascii[code + 32]) this.ascii[code] = this.ascii[code + 32] = 1;
    }
  }
}

export const DIGITS = ((): FirstChars => {
  const set = new FirstChars();
  set.addRange(48, 57);
  return set;
})();
export const WORD = ((): FirstChars => {
  const set = new FirstChars();
  set.addRange(48, 57);
  set.addRange(65, 90);
  set.addRange(97, 122);
  set.add(95);
  return set;
})();
export const SPACE = ((): FirstChars => {
  const set = new FirstChars();
  for (const code of [9, 10, 11, 12, 13, 32]) set.add(code);
  // \s also takes NBSP, U+2028 and other Unicode spaces.
  set.other = true;
  return set;
})();

/** A new set with the same characters (the shared ones above are never written to). */
export function copy(set: FirstChars): FirstChars {
  const out = new FirstChars();
  out.addAll(set);
  return out;
}
