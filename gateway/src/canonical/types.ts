/**
 * The canonical chat shape. Every wire format (OpenAI, Anthropic, Gemini) translates to and
 * from this one shape, so N formats need 2N translations rather than N². It is a superset of
 * what the formats can express: thinking blocks, cache_control and tool calls survive a round
 * trip through it. Requests whose client shape matches the provider's never pass through here
 * (they go upstream natively); this shape exists for cross-provider translation.
 */

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export type ImageSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; mediaType: string; data: string };

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail` hint; other providers ignore it. */
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as the JSON text the model produced (may be partial or invalid JSON). */
  arguments: string;
  cacheControl?: CacheControl;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Tool name where a format needs it (Gemini's functionResponse); may be empty. */
  name?: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

export interface ThinkingPart {
  type: 'thinking';
  text: string;
  signature?: string;
}

export interface RedactedThinkingPart {
  type: 'redacted-thinking';
  data: string;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | ToolCallPart
  | ToolResultPart
  | ThinkingPart
  | RedactedThinkingPart;

/**
 * A conversation turn. Tool results are carried as `tool-result` parts of a `user` message
 * (Anthropic's model); the OpenAI format splits them into `role: "tool"` messages on output.
 */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ContentPart[];
  /** OpenAI's optional participant name. */
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: CacheControl;
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

export interface ThinkingConfig {
  /** Token budget for extended thinking (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
  /** OpenAI's `reasoning_effort`. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
}

export interface ChatRequest {
  /** The model name the client asked for (an alias or `provider/model`). */
  model: string;
  system: TextPart[];
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  responseFormat?: ResponseFormat;
  thinking?: ThinkingConfig;
  /** How much the answer should say (OpenAI's `text.verbosity`, chat's `verbosity`; GPT-5 models). */
  verbosity?: 'low' | 'medium' | 'high';
  /** OpenAI's processing tier (`service_tier`: auto, default, flex, scale, priority). */
  serviceTier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  stream: boolean;
  /** The client wants usage reported in the stream (OpenAI `stream_options.include_usage`). */
  streamUsage: boolean;
  /** End-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /**
   * The client keeps the reasoning state and sends it back itself (the Responses API's
   * `include: ["reasoning.encrypted_content"]`), so answers rendered for it carry thinking
   * signatures. Other formats carry signatures in their own blocks and ignore it.
   */
  includeSignatures?: boolean;
  metadata?: Record<string, string>;
}

/** Token counts. All fields are totals for the call; absent counts are 0. */
export interface Usage {
  /** Input tokens billed at the full input price (excludes cache reads and cache writes). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (Anthropic cache_creation). */
  cacheWriteTokens: number;
  /**
   * Of `cacheWriteTokens`, those written with a 1-hour TTL, which Anthropic bills at 2× input
   * rather than the 5-minute write's 1.25×. Present only when there are some.
   */
  cacheWrite1hTokens?: number;
  /** Web searches the provider ran itself (Anthropic's web search tool), billed per search. Present only when there are some. */
  webSearches?: number;
  /** Output tokens spent on reasoning (already included in outputTokens). */
  reasoningTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'stop_sequence' | 'pause_turn' | 'refusal' | 'error';

export interface ChatResponse {
  id: string;
  /** The model the provider says served the call. */
  model: string;
  /** Assistant output: text, thinking and tool-call parts, in order. */
  content: ContentPart[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, when the provider reports it. */
  stopSequence?: string;
  usage: Usage;
}

/**
 * Streaming events in canonical form. A parser for a provider's stream emits these; a renderer
 * for the client's shape consumes them. `index` identifies a tool call within the response.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; usage?: Partial<Usage> }
  | { type: 'text'; text: string }
  | { type: 'thinking'; text: string }
  | { type: 'thinking-signature'; signature: string }
  | { type: 'redacted-thinking'; data: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; finishReason: FinishReason; stopSequence?: string };

export interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
  encodingFormat?: 'float' | 'base64';
  user?: string;
  /** Per input, what a Gemini-shaped caller said the text is for; only Gemini's embedding API reads it. */
  tasks?: EmbeddingTask[];
}

/** Gemini's `taskType` (RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT…) and a document's `title`, which tune its vectors. */
export interface EmbeddingTask {
  taskType?: string;
  title?: string;
}

export interface EmbeddingResponse {
  model: string;
  embeddings: number[][];
  usage: { inputTokens: number };
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});
