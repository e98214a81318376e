import type { Detector } from './types';

/** A detector for keys that start with one of `prefixes`. */
type PrefixedKeyDetector = Detector & { readonly prefixes: readonly string[] };

/** A provider key recognised by its fixed prefix. */
function prefixedKey(type: string, prefixes: readonly string[], body: string, validate?: (value: string) => boolean): PrefixedKeyDetector {
  const alternatives = prefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return {
    type,
    prefixes,
    group: 'secrets',
    // Keys are whole tokens: not glued to other key characters on either side.
    pattern: `(?<![\\w-])(?:${alternatives})${body}(?![\\w-])`,
    validate,
    // The prefix says which key it was; nothing of the secret part survives.
    mask: (value) => `${prefixes.find((prefix) => value.startsWith(prefix)) ?? ''}****`,
  };
}

/**
 * Real keys are random: mixed case with digits, or long hex. This keeps `sk-learn-contrib-…`
 * style names out while matching legacy, project, service-account and admin OpenAI keys and
 * the `sk-<hex>` keys of OpenAI-compatible providers.
 */
function looksRandom(value: string): boolean {
  const body = value.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, '');
  return (/[A-Z]/.test(body) && /[a-z]/.test(body) && /\d/.test(body)) || /^[0-9a-f]{32,}$/.test(body);
}

/** Provider and cloud keys; order is priority, so the specific `sk-ant-` comes before the generic `sk-`. */
const keyDetectors: readonly PrefixedKeyDetector[] = [
  prefixedKey('anthropic_key', ['sk-ant-'], '[A-Za-z0-9_-]{20,300}'),
  prefixedKey('openai_key', ['sk-'], '[A-Za-z0-9_-]{20,300}', looksRandom),
  prefixedKey('aws_access_key', ['AKIA', 'ASIA', 'ABIA', 'ACCA'], '[A-Z0-9]{16}'),
  // New GitHub App installation tokens may carry `.` and `-` past the first 36 characters.
  prefixedKey('github_token', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], '[A-Za-z0-9_]{36,255}(?:[.-][A-Za-z0-9_]{1,255}){0,8}'),
  prefixedKey('github_token', ['github_pat_'], '[A-Za-z0-9_]{22,255}'),
  prefixedKey('gitlab_token', ['glpat-'], '[A-Za-z0-9_-]{20,300}'),
  prefixedKey('google_api_key', ['AIza'], '[0-9A-Za-z_-]{35}'),
  prefixedKey('google_oauth_secret', ['GOCSPX-'], '[0-9A-Za-z_-]{28}'),
  prefixedKey('slack_token', ['xoxa-', 'xoxb-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-'], '[0-9A-Za-z-]{10,250}'),
  prefixedKey('stripe_key', ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'], '[0-9A-Za-z]{16,247}'),
  prefixedKey('huggingface_token', ['hf_'], '[A-Za-z0-9]{34,64}'),
  prefixedKey('npm_token', ['npm_'], '[A-Za-z0-9]{36}'),
  prefixedKey('sendgrid_key', ['SG.'], '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  prefixedKey('groq_key', ['gsk_'], '[A-Za-z0-9]{52}'),
  prefixedKey('xai_key', ['xai-'], '[A-Za-z0-9]{80}'),
];

export const secretDetectors: readonly Detector[] = keyDetectors;

/** The detectors as whole-value tests: a field holding exactly one key, and nothing else. */
const wholeKeys = keyDetectors.map((detector) => ({ regex: new RegExp(`^(?:${detector.pattern})$`), validate: detector.validate }));

/** Prefixes nothing but a key starts with: OpenAI's typed keys and Anthropic's. */
const KEY_ONLY_PREFIX = /^sk-(?:ant|proj|svcacct|admin)-/;

/**
 * Whether a value meant to be a short name (a credential name) is an API key pasted in the
 * wrong place: a whole key one of the detectors recognises; a key prefix followed by 20 or more
 * characters that look random (mixed case and digits), as keys whose length changed do; or a
 * prefix only keys carry, which also catches a shortened key. A name like `xai-prod` is none of these.
 */
export function looksLikeKey(value: string): boolean {
  if (KEY_ONLY_PREFIX.test(value)) return true;
  if (wholeKeys.some(({ regex, validate }) => regex.test(value) && (validate?.(value) ?? true))) return true;
  const prefix = keyDetectors.flatMap((detector) => detector.prefixes).find((candidate) => value.startsWith(candidate));
  const rest = prefix === undefined ? '' : value.slice(prefix.length);
  return rest.length >= 20 && /[A-Z]/.test(rest) && /[a-z]/.test(rest) && /\d/.test(rest);
}
