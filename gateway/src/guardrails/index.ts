/**
 * PII and secret guardrails: find sensitive values in a request's prompt text, then redact,
 * mask or block them, and put redacted values back into the response (`restore`).
 */
export { compileDetectors, piiConfigIssues } from './policy';
export type { PiiMode, PiiPolicy, PiiSettings } from './policy';
export { scrubRequest, summarizeFindings } from './scrub-request';
export type { RequestShape, ScrubResult } from './scrub-request';
export type { Findings } from './text-visitor';
export { Vault } from './vault';
export { restoreJsonText, restoreJsonValue, restoreText } from './restore';
export { restoreChatResponse, restoreResponseBody } from './restore-response';
export { createEventRestorer, createStreamRestorer } from './stream-restorer';
export type { EventRestorer, StreamRestorer } from './stream-restorer';
export { createSseRestorer } from './sse-restorer';
export { completionsSseRestorer } from './completions-restorer';
export type { SseRestorer } from './sse-restorer';
export { DetectorSet } from './scanner';
export type { Match } from './scanner';
