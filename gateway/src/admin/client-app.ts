/**
 * The app behind a call, from the User-Agent the log keeps (`request_log.client`): every local
 * tool calls the same address, often with the same key, so this is how the Logs page and spend
 * by app (GET /stats/spend?by=app) tell them apart. This is the one place an app is named.
 *
 * Pure and import-free on purpose: besides api-types.ts (types only), it is the one gateway
 * module the renderer bundles (renderer/src/format/client-app.ts re-exports it), so the Logs
 * page and the Costs page can never name the same call differently.
 */
const KNOWN: ReadonlyArray<readonly [RegExp, string]> = [
  [/^switchboard-try\//, 'Switchboard (Try)'],
  [/^switchboard-replay\//, 'Switchboard (Replay)'],
  [/^claude-cli\//i, 'Claude Code'],
  [/^codex/i, 'Codex CLI'],
  [/^OpenAI\/JS\b/, 'OpenAI SDK (JS)'],
  [/^OpenAI\/Python\b/, 'OpenAI SDK (Python)'],
  [/^AsyncOpenAI\/Python\b/, 'OpenAI SDK (Python)'],
  [/^Anthropic\/JS\b/, 'Anthropic SDK (JS)'],
  [/^Anthropic\/Python\b/, 'Anthropic SDK (Python)'],
  [/\bai-sdk\//, 'AI SDK'],
  [/^litellm\b/i, 'LiteLLM'],
  [/^aider\b/i, 'aider'],
  [/^Continue\b/i, 'Continue'],
  [/^curl\//, 'curl'],
  [/^python-requests\//, 'Python requests'],
  [/^python-httpx\//, 'Python httpx'],
  [/\bElectron\//, 'Switchboard app'],
  [/^Mozilla\//, 'Browser'],
];

/** What spend by app calls the calls that carried no User-Agent, and those logged before it was kept. */
export const UNKNOWN_APP = 'Unknown';

/** A readable name for the app that sent `userAgent`, or null when the call carried none. */
export function clientApp(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  for (const [pattern, name] of KNOWN) if (pattern.test(userAgent)) return name;
  // Otherwise its first product token, as most clients lead with it ("my-agent/1.2 …").
  const product = /^[^\s/;(]+/.exec(userAgent)?.[0];
  return product && product.length <= 40 ? product : userAgent.slice(0, 40);
}
