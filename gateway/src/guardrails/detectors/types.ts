/** One kind of sensitive value the scanner looks for. */
export interface Detector {
  /** Names findings, block messages and placeholders (`email` → `[EMAIL_1]`). */
  readonly type: string;
  /** The name that enables it in `guardrails.pii.detectors` (`secrets` covers every key kind). */
  readonly group: string;
  /**
   * Regex source, compiled once. It should begin with something selective (a literal prefix,
   * `@`, `:`, a digit) so V8 can skip ahead quickly; boundaries are asserted with lookarounds
   * and repeats are bounded, which keeps every attempt short and the whole pass linear.
   */
  readonly pattern: string;
  /**
   * For patterns anchored past the value's start (email on its `@`, IPv6 on its first colon
   * pair): the match is extended leftwards over up to `max` characters of `chars`, needs at
   * least `min`, and must then not be preceded by a `boundary` character.
   */
  readonly extendLeft?: { chars: RegExp; min: number; max: number; boundary: RegExp };
  /**
   * Literals of which one must occur in a text for a match to be possible; the detector is
   * skipped otherwise. Only worth it for needles `String.includes` finds fast (a rare first
   * character: `@`, `PRIVATE KEY`); the literal-led regexes are as fast as an includes.
   */
  readonly hints?: readonly string[];
  /** Rejects candidates a regex cannot judge: checksums, reserved ranges, look-alikes. */
  readonly validate?: (value: string) => boolean;
  /** A hint of the value that cannot be reversed (`j***@example.com`). */
  readonly mask: (value: string) => string;
}

/** What the scanner reports for a match, builtin or custom. */
export interface MatchKind {
  readonly type: string;
  /** Placeholder stem: `EMAIL` in `[EMAIL_1]`. */
  readonly label: string;
  readonly mask: (value: string) => string;
}

/** `employee-id` → `EMPLOYEE_ID`. */
export function labelFor(type: string): string {
  return type.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
