/**
 * A static check for the other exponential kind of pattern (regex-hazard.ts has the nested
 * repeats): an alternation whose branches can start with the same character, inside a group
 * repeated without bound (`(a|a)*$`, `(a|ab)*c`, `(\r\n|\r|\n)+x`, `(\w|_)+!`). Text the
 * branches can both take at each repetition is matched in 2^n ways, and a failing tail makes
 * the engine try them all. Such a pattern cannot be timed safely (the probe itself would
 * hang), so it is judged from its source only.
 *
 * Each branch gets a conservative first-character set: literals, escapes (`\d \w \s` and their
 * negations, `\xHH`, `\uHHHH`), classes (ranges, negated), `.`; zero-width parts (anchors,
 * `\b`, lookarounds) are looked through; a back-reference may start with anything. Sets are
 * exact for ASCII and coarse beyond it (any non-ASCII character counts as one), so two branches
 * "overlap" when they share an ASCII character or can both start with a non-ASCII one, unless
 * their starts part, character by character, before either ends (`(?:Tue|Thu)+`,
 * `(?:\d{3}-|\d{2}/)+`: at one position at most one of them matches, so the repeat has one way
 * through).
 * Disjoint alternations (`(foo|bar)+`, `(?:[^"\\]|\\.)*`, `(?:\s|,)+`) are accepted; so is any
 * alternation not repeated without bound (`(https?|ftp)://`), or repeated at most n times.
 */

import { copy, DIGITS, FirstChars, SPACE, WORD } from './regex-first-chars';

export const OVERLAPPING_ALTERNATION_ERROR =
  'an alternation whose branches can start with the same character, repeated without bound (like (a|ab)* or (\\r\\n|\\r|\\n)+), can take exponential time; ' +
  'make the branches start differently by factoring out what they share ((a|ab)* → (ab?)*, (\\r\\n|\\r|\\n)+ → (\\r\\n?|\\n)+), or use a character class ((a|b|c)* → [abc]*)';

/** What a parsed piece of pattern can start with, and whether it can match empty text. */
interface Piece {
  first: FirstChars;
  nullable: boolean;
  /** Whether an alternation with overlapping branches is somewhere inside. */
  overlapping: boolean;
  /** The characters, one per place, this piece surely starts with, when it is single characters (`a`, `\d{3}`, the `\d\d` of `\d{2,}`). */
  run?: FirstChars[];
  /** Whether the piece is exactly `run` (`\d{3}`), not more (`\d{3,}`). */
  exact?: boolean;
  /** A sequence's start as such a run, as far as it goes (zero-width parts looked through). */
  prefix?: FirstChars[];
}

/** The longest `x{n}` read as n places; a longer one ends the run there. */
const MAX_RUN = 32;

/**
 * Whether two starts part at some place (no character could be at that place in both), so the
 * branches they open cannot both match at one position (`Tue` and `Thu`, `\d{3}-` and `\d{2}/`).
 * One that the other starts with (`a`, `ab`) does not part.
 */
function part(a: readonly FirstChars[] | undefined, b: readonly FirstChars[] | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const length = Math.min(a.length, b.length);
  for (let k = 0; k < length; k++) if (!a[k]!.overlaps(b[k]!)) return true;
  return false;
}

/** Whether `source` repeats, without bound, a group holding an alternation whose branches can start alike. */
export function hasOverlappingAlternation(source: string, flags = ''): boolean {
  try {
    return new OverlapParser(source, flags).run();
  } catch {
    // A pattern this reader cannot follow is left to the other guards (RegExp itself refuses invalid ones).
    return false;
  }
}

class OverlapParser {
  private i = 0;
  private readonly caseless: boolean;
  private readonly dotAll: boolean;
  private readonly unicode: boolean;
  private found = false;
  /** The character an escape stood for, when it was one (set by `escapedSet`, for class ranges). */
  private code: number | undefined;

  constructor(
    private readonly source: string,
    flags: string,
  ) {
    this.caseless = flags.includes('i');
    this.dotAll = flags.includes('s');
    this.unicode = flags.includes('u');
  }

  run(): boolean {
    this.alternation();
    return this.found;
  }

  /** Branches up to a `)` (not consumed) or the end. */
  private alternation(): Piece {
    const branches: Piece[] = [this.sequence()];
    while (this.source[this.i] === '|') {
      this.i += 1;
      branches.push(this.sequence());
    }
    const first = new FirstChars();
    let nullable = false;
    let overlapping = false;
    for (let a = 0; a < branches.length; a++) {
      const branch = branches[a]!;
      first.addAll(branch.first);
      nullable ||= branch.nullable;
      overlapping ||= branch.overlapping;
      // Branches overlap when they can start with the same character, unless their starts
      // part before either ends: then at most one of them matches at any position.
      for (let b = a + 1; b < branches.length && !overlapping; b++) {
        const other = branches[b]!;
        overlapping = branch.first.overlaps(other.first) && !part(branch.prefix, other.prefix);
      }
    }
    return { first, nullable, overlapping };
  }

  /** Items up to a `|`, a `)` or the end: its first characters are those of its items up to the first that cannot be empty. */
  private sequence(): Piece {
    const first = new FirstChars();
    let nullable = true;
    let overlapping = false;
    const prefix: FirstChars[] = [];
    let open = true;
    while (this.i < this.source.length && this.source[this.i] !== '|' && this.source[this.i] !== ')') {
      const item = this.quantified();
      // Zero-width: it takes no character, so the run goes on past it.
      if (item === undefined) continue;
      overlapping ||= item.overlapping;
      if (nullable) first.addAll(item.first);
      nullable &&= item.nullable;
      if (!open) continue;
      if (item.run !== undefined) prefix.push(...item.run);
      // What follows a piece that may take more than its run (`\d{2,}`, a group) is at no fixed place.
      if (!item.exact) open = false;
    }
    return { first, nullable, overlapping, prefix };
  }

  /** One atom and its quantifier; undefined for a zero-width one (anchor, `\b`, lookaround). */
  private quantified(): Piece | undefined {
    const atom = this.atom();
    const quantifier = readQuantifier(this.source, this.i);
    if (quantifier === undefined) return atom;
    this.i += quantifier.length;
    if (atom === undefined) return undefined;
    if (quantifier.unbounded && atom.overlapping) this.found = true;
    const nullable = atom.nullable || quantifier.min === 0;
    // A single character repeated takes its set at each of its first `min` places for sure.
    const single = atom.exact === true && atom.run?.length === 1 ? atom.run[0]! : undefined;
    if (single === undefined) return { first: atom.first, nullable, overlapping: atom.overlapping };
    const run = Array.from({ length: Math.min(quantifier.min, MAX_RUN) }, () => single);
    return { first: atom.first, nullable, overlapping: atom.overlapping, run, exact: quantifier.max === quantifier.min && quantifier.min <= MAX_RUN };
  }

  private atom(): Piece | undefined {
    const { source } = this;
    const char = source[this.i]!;
    if (char === '(') return this.group();
    if (char === '[') return this.single(this.charClass());
    if (char === '\\') return this.escape();
    this.i += 1;
    if (char === '^' || char === '$') return undefined;
    if (char === '.') {
      const set = FirstChars.any();
      if (!this.dotAll) set.ascii[10] = set.ascii[13] = 0;
      return this.single(set);
    }
    const set = new FirstChars();
    const code = char.codePointAt(0)!;
    set.add(code);
    if (code > 0xffff) this.i += 1;
    return this.single(set);
  }

  private group(): Piece | undefined {
    const { source } = this;
    this.i += 1;
    let lookaround = false;
    if (source[this.i] === '?') {
      const next = source[this.i + 1];
      if (next === ':') this.i += 2;
      else if (next === '=' || next === '!') [lookaround, this.i] = [true, this.i + 2];
      else if (next === '<' && (source[this.i + 2] === '=' || source[this.i + 2] === '!')) [lookaround, this.i] = [true, this.i + 3];
      else if (next === '<') this.i = after(source, '>', this.i);
      else throw new Error('unknown group');
    }
    const inner = this.alternation();
    if (source[this.i] !== ')') throw new Error('unclosed group');
    this.i += 1;
    // Lookarounds are atomic in JavaScript and match no text: nothing to repeat or start with.
    return lookaround ? undefined : inner;
  }

  private escape(): Piece | undefined {
    const { source } = this;
    const letter = source[this.i + 1];
    this.i += 2;
    if (letter === undefined) throw new Error('trailing backslash');
    if (letter === 'b' || letter === 'B') return undefined;
    // `\k<name>`; a `\k` with no name after it is the letter k (valid without the u flag and named groups).
    const named = letter === 'k' && source[this.i] === '<' && source.includes('>', this.i);
    if (/[1-9]/.test(letter) || named) {
      // A back-reference: whatever its group took, possibly nothing.
      if (named) this.i = after(source, '>', this.i);
      else while (/\d/.test(source[this.i] ?? '')) this.i += 1;
      return { first: FirstChars.any(), nullable: true, overlapping: false };
    }
    this.i -= 2;
    return this.single(this.escapedSet(true));
  }

  /** `[…]` at `this.i`, consumed. */
  private charClass(): FirstChars {
    const { source } = this;
    this.i += 1;
    const negated = source[this.i] === '^';
    if (negated) this.i += 1;
    const set = new FirstChars();
    // In JavaScript `[]` is an empty class and `[^]` any character: a `]` right away closes it.
    while (this.i < source.length && source[this.i] !== ']') {
      const from = this.classMember();
      set.addAll(from.set);
      if (source[this.i] !== '-' || source[this.i + 1] === ']' || this.i + 1 >= source.length) continue;
      this.i += 1;
      const to = this.classMember();
      set.addAll(to.set);
      // `[\d-x]` is `\d`, `-` and `x`; `[a-z]` the range.
      if (from.code !== undefined && to.code !== undefined) set.addRange(from.code, to.code);
      else set.add(45);
    }
    if (source[this.i] !== ']') throw new Error('unclosed class');
    this.i += 1;
    if (this.caseless) set.caseless();
    return negated ? set.negated() : set;
  }

  /** One member of a class: a character (with its code, for a range) or an escape's set (with a code when it is one character). */
  private classMember(): { set: FirstChars; code: number | undefined } {
    const { source } = this;
    if (source[this.i] === '\\') {
      this.code = undefined;
      const set = this.escapedSet(false);
      return { set, code: this.code };
    }
    const code = source.codePointAt(this.i)!;
    this.i += code > 0xffff ? 2 : 1;
    const set = new FirstChars();
    set.add(code);
    return { set, code };
  }

  /** The escape at `this.i` (a backslash), consumed, as a set. `\b` is a backspace inside a class. */
  private escapedSet(outsideClass: boolean): FirstChars {
    const { source } = this;
    const letter = source[this.i + 1]!;
    this.i += 2;
    const set = new FirstChars();
    const one = (code: number): FirstChars => {
      this.code = code;
      set.add(code);
      return set;
    };
    switch (letter) {
      case 'd':
        return copy(DIGITS);
      case 'D':
        return DIGITS.negated();
      case 'w':
        return copy(WORD);
      case 'W':
        return WORD.negated();
      case 's':
        return copy(SPACE);
      case 'S':
        return SPACE.negated();
      case 'n':
        return one(10);
      case 'r':
        return one(13);
      case 't':
        return one(9);
      case 'f':
        return one(12);
      case 'v':
        return one(11);
      case '0':
        return one(0);
      case 'b':
        if (outsideClass) throw new Error('\\b is handled by escape()');
        return one(8);
      // Without the u flag, an escape that does not go on as its syntax says is the letter
      // itself (`\x4` is "x4", `\u{41}` is u 41 times, `\c1` is a backslash, c and 1).
      case 'x':
        if (!/^[\da-f]{2}$/i.test(source.slice(this.i, this.i + 2))) return one(120);
        this.i += 2;
        return one(Number.parseInt(source.slice(this.i - 2, this.i), 16));
      case 'u': {
        if (this.unicode && source[this.i] === '{') {
          const end = after(source, '}', this.i);
          const hex = source.slice(this.i + 1, end - 1);
          this.i = end;
          return one(Number.parseInt(hex, 16));
        }
        if (!/^[\da-f]{4}$/i.test(source.slice(this.i, this.i + 4))) return one(117);
        this.i += 4;
        return one(Number.parseInt(source.slice(this.i - 4, this.i), 16));
      }
      case 'c':
        if (!/^[a-z]$/i.test(source[this.i] ?? '')) {
          this.i -= 1;
          return one(92);
        }
        this.i += 1;
        return one(source.charCodeAt(this.i - 1) % 32);
      case 'p':
      case 'P': {
        // Without the u flag, `\p` is just "p".
        if (!this.unicode) return one(letter.codePointAt(0)!);
        // Unicode properties: letters and numbers are the common ones; anything else may be anything.
        const close = after(source, '}', this.i) - 1;
        const name = source.slice(this.i + 1, close);
        this.i = close + 1;
        if (letter === 'p' && /^(L|Letter|Lu|Ll|Alphabetic|Alpha)$/.test(name)) {
          const letters = new FirstChars();
          letters.addRange(65, 90);
          letters.addRange(97, 122);
          letters.other = true;
          return letters;
        }
        if (letter === 'p' && /^(N|Nd|Number|Decimal_Number|digit)$/.test(name)) {
          const numbers = copy(DIGITS);
          numbers.other = true;
          return numbers;
        }
        return FirstChars.any();
      }
      default:
        // An identity escape (`\.`, `\-`, `\\`): the character itself.
        return one(letter.codePointAt(0)!);
    }
  }

  /** An atom that takes one character of `set`. */
  private single(set: FirstChars): Piece {
    if (this.caseless) set.caseless();
    return { first: set, nullable: false, overlapping: false, run: [set], exact: true };
  }
}

/**
 * The index just past the next `char` from `from`. Throws when there is none: read as -1 + 1,
 * the reader would go back to the start of the pattern and never return.
 */
function after(source: string, char: string, from: number): number {
  const at = source.indexOf(char, from);
  if (at === -1) throw new Error(`no ${char}`);
  return at + 1;
}

interface Quantifier {
  length: number;
  min: number;
  /** Infinity when unbounded. */
  max: number;
  unbounded: boolean;
}

/** The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), if any. */
function readQuantifier(source: string, i: number): Quantifier | undefined {
  const char = source[i];
  let quantifier: Quantifier;
  if (char === '*') quantifier = { length: 1, min: 0, max: Infinity, unbounded: true };
  else if (char === '+') quantifier = { length: 1, min: 1, max: Infinity, unbounded: true };
  else if (char === '?') quantifier = { length: 1, min: 0, max: 1, unbounded: false };
  else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!braces) return undefined;
    const unbounded = braces[2] !== undefined && braces[3] === '';
    const min = Number(braces[1]);
    quantifier = { length: braces[0].length, min, max: unbounded ? Infinity : braces[2] === undefined ? min : Number(braces[3]), unbounded };
  } else return undefined;
  if (source[i + quantifier.length] === '?') quantifier.length += 1;
  return quantifier;
}
