import { ConfigError } from '../config/config-error';
import type { ConfigIssue } from '../config/config-error';
import { compileCustomPattern } from './custom-patterns';
import type { CustomDetector, CustomPatternConfig } from './custom-patterns';
import { builtinDetectors, detectorNames, selectBuiltins } from './detectors/registry';
import { labelFor } from './detectors/types';
import { DetectorSet } from './scanner';

/** A route's `guardrails.pii`. `restore` is redact-and-restore. */
export type PiiMode = 'off' | 'redact' | 'mask' | 'block' | 'restore';

/** The top-level `guardrails.pii` section of the config. */
export interface PiiSettings {
  detectors?: string[];
  custom?: CustomPatternConfig[];
}

/** What scrubRequest needs: the route's mode and the config's compiled detectors. */
export interface PiiPolicy {
  mode: PiiMode;
  detectors: DetectorSet;
}

const PATH = 'guardrails.pii';
/** Builtin placeholder stems: a custom name must not produce one (`openai-key` → OPENAI_KEY). */
const builtinLabels = new Set(builtinDetectors.map((detector) => labelFor(detector.type)));

interface Compiled {
  detectors: DetectorSet;
  issues: ConfigIssue[];
}

/**
 * Every problem in a `guardrails.pii` section, for the config validator to report with the
 * rest (unknown detector names, invalid or dangerous custom patterns, duplicate names).
 */
export function piiConfigIssues(settings: PiiSettings | undefined): ConfigIssue[] {
  return settings === undefined ? [] : compiled(settings).issues;
}

/** One compile per config object (custom patterns are timed on a probe, so not free); a reload brings a new object. */
const cache = new WeakMap<PiiSettings, Compiled>();
let defaultSet: DetectorSet | undefined;

function compiled(settings: PiiSettings): Compiled {
  let entry = cache.get(settings);
  if (!entry) cache.set(settings, (entry = compileSettings(settings)));
  return entry;
}

/**
 * The compiled detectors for a `guardrails.pii` section, built once per config object.
 * Absent settings mean every builtin.
 * Throws ConfigError when the section has problems; validate with piiConfigIssues first.
 */
export function compileDetectors(settings: PiiSettings | undefined): DetectorSet {
  if (settings === undefined) return (defaultSet ??= new DetectorSet(selectBuiltins(undefined)));
  const { detectors, issues } = compiled(settings);
  if (issues.length > 0) throw new ConfigError(issues);
  return detectors;
}

function compileSettings(settings: PiiSettings): Compiled {
  const issues: ConfigIssue[] = [];
  for (const [i, name] of (settings.detectors ?? []).entries()) {
    if (!detectorNames.has(name)) {
      issues.push({ path: `${PATH}.detectors.${i}`, message: `unknown detector "${name}"; known: ${[...detectorNames].join(', ')}` });
    }
  }
  const custom: CustomDetector[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of (settings.custom ?? []).entries()) {
    if (detectorNames.has(entry.name) || builtinLabels.has(labelFor(entry.name)) || seen.has(entry.name)) {
      issues.push({ path: `${PATH}.custom.${i}.name`, message: `"${entry.name}" clashes with a builtin detector or an earlier custom one; pick another name` });
      continue;
    }
    seen.add(entry.name);
    const result = compileCustomPattern(entry);
    if ('error' in result) issues.push({ path: `${PATH}.custom.${i}.${result.field}`, message: result.error });
    else custom.push(result.detector);
  }
  return { detectors: new DetectorSet(selectBuiltins(settings.detectors), custom), issues };
}
