export { startFakeOpenAI, type FakeOpenAIOptions } from './fake-openai';
export { startFakeAnthropic, type FakeAnthropicOptions } from './fake-anthropic';
export { startFakeGemini, type FakeGeminiOptions } from './fake-gemini';
export { estimateTokens, fakeEmbedding } from './core/text';
export type {
  Behaviour,
  CommonFakeOptions,
  ErrorBehaviour,
  FakeProvider,
  FakeToolCall,
  FakeUsage,
  RecordedRequest,
  ReplyBehaviour,
  ReplyContent,
  SlowStreamBehaviour,
  StreamFailBehaviour,
} from './core/types';
