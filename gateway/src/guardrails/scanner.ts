import type { CustomDetector } from './custom-patterns';
import type { Detector, MatchKind } from './detectors/types';
import { labelFor } from './detectors/types';

/** A sensitive value found in a text: `text.slice(start, end)`. */
export interface Match {
  start: number;
  end: number;
  kind: MatchKind;
}

interface Compiled {
  detector: Detector;
  kind: MatchKind;
  regex: RegExp;
}

/**
 * The detectors a config enables, each regex compiled once. Every detector takes its own
 * pass: measured on V8, one alternation of all builtins ran about twice as slow as the
 * separate passes together, because a wide alternation loses irregexp's fast skip to a
 * literal or selective first character (figures in measure-scrub.ts).
 */
export class DetectorSet {
  private readonly builtins: Compiled[];

  constructor(
    detectors: readonly Detector[],
    readonly custom: readonly CustomDetector[] = [],
  ) {
    this.builtins = detectors.map((detector) => ({
      detector,
      kind: { type: detector.type, label: labelFor(detector.type), mask: detector.mask },
      regex: new RegExp(detector.pattern, 'g'),
    }));
  }

  /** Whether any detector is enabled at all. */
  get empty(): boolean {
    return this.builtins.length === 0 && this.custom.length === 0;
  }

  /**
   * Non-overlapping matches in text order. Where candidates overlap, the one starting first
   * wins; among those starting at the same place, the longest; then custom patterns before
   * builtins, and builtins by their priority.
   */
  find(text: string): Match[] {
    const found: Match[] = [];
    for (const detector of this.custom) findCustom(text, detector, found);
    for (const compiled of this.builtins) {
      const { hints } = compiled.detector;
      if (hints && !hints.some((hint) => text.includes(hint))) continue;
      findBuiltin(text, compiled, found);
    }
    return found.length <= 1 ? found : resolveOverlaps(found);
  }
}

function findBuiltin(text: string, { detector, kind, regex }: Compiled, found: Match[]): void {
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const end = match.index + match[0].length;
    const start = detector.extendLeft ? extendLeft(text, match.index, detector.extendLeft) : match.index;
    if (start >= 0 && (!detector.validate || detector.validate(text.slice(start, end)))) {
      found.push({ start, end, kind });
    } else {
      // A rejected candidate (a date that looked like a phone number) may hide a real match inside it.
      regex.lastIndex = match.index + 1;
    }
  }
}

/** Where the value really starts, or -1 when the characters before the anchor do not fit. */
function extendLeft(text: string, anchor: number, rule: NonNullable<Detector['extendLeft']>): number {
  let start = anchor;
  while (start > 0 && anchor - start < rule.max && rule.chars.test(text[start - 1]!)) start -= 1;
  if (anchor - start < rule.min) return -1;
  return start > 0 && rule.boundary.test(text[start - 1]!) ? -1 : start;
}

function findCustom(text: string, detector: CustomDetector, found: Match[]): void {
  const { regex } = detector;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0] === '') regex.lastIndex += 1;
    else found.push({ start: match.index, end: match.index + match[0].length, kind: detector });
  }
}

/** Earliest start first, then longest, then the order found (customs, then builtins by priority). */
function resolveOverlaps(matches: Match[]): Match[] {
  const ordered = matches.map((match, order) => ({ match, order }));
  ordered.sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end || a.order - b.order);
  const kept: Match[] = [];
  let reached = 0;
  for (const { match } of ordered) {
    if (match.start < reached) continue;
    kept.push(match);
    reached = match.end;
  }
  return kept;
}
