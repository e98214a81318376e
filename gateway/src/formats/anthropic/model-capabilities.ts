/**
 * What a target model accepts, read from its name. The Messages API is served by Claude models
 * of several generations and by other vendors' Anthropic-compatible endpoints, and the same
 * request field can be required on one and a 400 on another:
 * - `thinking: {type: "adaptive"}` (+ `output_config.effort`) exists from Claude 4.6 on, and
 *   budget-based `{type: "enabled"}` is refused from Opus 4.7 on;
 * - structured outputs (`output_config.format`) exist from Claude 4.5 on;
 * - from Claude 4.7 on, any non-default temperature/top_p/top_k is a 400 (and API version
 *   2026-10-21 removes them for every model);
 * - models before Claude 3.7 cannot think at all, and cap `max_tokens` below the gateway's
 *   default of 8192 or at it (Claude 3 and 2: 4096; Claude 3.5: 8192), refusing a larger one;
 * - Opus 4.0 and 4.1 take at most 32000, less than a thinking budget plus the default answer.
 * Unversioned Claude names (`claude-mythos-preview`) are taken as current; names that are not
 * Claude at all (GLM, Kimi, ... behind an Anthropic-compatible URL) get the classic API.
 */
export interface ModelCapabilities {
  /** Extended thinking of any kind (from Claude 3.7 on). */
  thinking: boolean;
  adaptiveThinking: boolean;
  structuredOutputs: boolean;
  samplingParameters: boolean;
  /** The largest `max_tokens` the model takes, where the gateway could otherwise ask for more (Claude 3.x, Opus 4.0 and 4.1). */
  maxOutputTokens?: number;
}

function claudeVersion(model: string): { major: number; minor: number } | 'unversioned' | undefined {
  const name = model.toLowerCase();
  // Current naming: claude-<family>-<major>[-<minor>][-<yyyymmdd>], e.g. claude-sonnet-4-5-20250929.
  const current = /claude-[a-z]+-(\d+)(?:-(\d{1,2}))?(?!\d)/.exec(name);
  if (current) return { major: Number(current[1]), minor: Number(current[2] ?? 0) };
  // Older naming: claude-3-5-sonnet-20241022, claude-3-opus, claude-2.1.
  const older = /claude-(\d+)(?:[-.](\d)(?!\d))?/.exec(name);
  if (older) return { major: Number(older[1]), minor: Number(older[2] ?? 0) };
  return name.includes('claude') ? 'unversioned' : undefined;
}

const atLeast = (v: { major: number; minor: number }, major: number, minor: number): boolean =>
  v.major > major || (v.major === major && v.minor >= minor);

export function modelCapabilities(model: string): ModelCapabilities {
  const version = claudeVersion(model);
  if (version === undefined) return { thinking: true, adaptiveThinking: false, structuredOutputs: false, samplingParameters: true };
  if (version === 'unversioned') return { thinking: true, adaptiveThinking: true, structuredOutputs: true, samplingParameters: false };
  const capabilities: ModelCapabilities = {
    thinking: atLeast(version, 3, 7),
    adaptiveThinking: atLeast(version, 4, 6),
    structuredOutputs: atLeast(version, 4, 5),
    samplingParameters: !atLeast(version, 4, 7),
  };
  if (!atLeast(version, 3, 7)) capabilities.maxOutputTokens = atLeast(version, 3, 5) ? 8192 : 4096;
  else if (version.major === 4 && version.minor <= 1 && model.toLowerCase().includes('opus')) capabilities.maxOutputTokens = 32000;
  return capabilities;
}
