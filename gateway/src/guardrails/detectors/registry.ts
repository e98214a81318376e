import { card } from './card';
import { email } from './email';
import { iban } from './iban';
import { ipv4, ipv6 } from './ip';
import { jwt } from './jwt';
import { phone } from './phone';
import { privateKey } from './private-key';
import { secretDetectors } from './secrets';
import { ssn } from './ssn';
import type { Detector } from './types';

/**
 * Every builtin detector, highest priority first. Priority only breaks ties between matches
 * that start at the same place and have the same length; the longest match wins otherwise.
 * Multi-line and structured secrets go first, then keys, then the checksum-backed numbers,
 * then the fuzzier shapes.
 */
export const builtinDetectors: readonly Detector[] = [privateKey, jwt, ...secretDetectors, iban, card, ssn, email, ipv4, ipv6, phone];

/** Names `guardrails.pii.detectors` accepts: the groups, and each builtin type on its own. */
export const detectorNames: ReadonlySet<string> = new Set(builtinDetectors.flatMap((detector) => [detector.group, detector.type]));

/** The builtins a `guardrails.pii.detectors` list enables; all of them when the list is absent. */
export function selectBuiltins(names: readonly string[] | undefined): Detector[] {
  if (names === undefined) return [...builtinDetectors];
  const wanted = new Set(names);
  return builtinDetectors.filter((detector) => wanted.has(detector.group) || wanted.has(detector.type));
}
