import { describe, expect, it } from 'vitest';
import { foreignThinkingChanges } from './foreign-thinking';

const claude = { type: 'thinking', thinking: 'Claude thought', signature: 'EqQBCkgIBxAB' };
const gemini = { type: 'thinking', thinking: '', signature: 'gemini:CiQB0e2K' };
const openaiCompatible = { type: 'thinking', thinking: 'DeepSeek reasoned', signature: '' };
const call = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} };
const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] };
const ask = { role: 'user', content: 'Weather?' };
const CLAUDE = 'claude-sonnet-4-5';

describe('thinking Claude did not sign, in a native Messages API body', () => {
  it('changes nothing in a conversation Claude alone carried', () => {
    const body = { thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [ask, { role: 'assistant', content: [claude, call] }, result] };
    expect(foreignThinkingChanges(body, CLAUDE)).toBeUndefined();
  });

  it("leaves out Gemini's and unsigned thinking, and turns left empty, keeping Claude's", () => {
    const messages = [
      ask,
      { role: 'assistant', content: [gemini] },
      { role: 'user', content: 'go on' },
      { role: 'assistant', content: [openaiCompatible, { type: 'text', text: 'Done.' }] },
      { role: 'user', content: 'and now?' },
      { role: 'assistant', content: [claude, call] },
      result,
    ];
    expect(foreignThinkingChanges({ thinking: { type: 'adaptive' }, messages }, CLAUDE)).toEqual({
      messages: [ask, messages[2], { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] }, messages[4], messages[5], result],
    });
  });

  it('turns thinking off when the last tool-calling turn loses its opening thinking, which Anthropic then requires', () => {
    const messages = [ask, { role: 'assistant', content: [gemini, call] }, result];
    expect(foreignThinkingChanges({ thinking: { type: 'enabled', budget_tokens: 1024 }, messages }, CLAUDE)).toEqual({
      messages: [ask, { role: 'assistant', content: [call] }, result],
      thinking: { type: 'disabled' },
    });
    expect(foreignThinkingChanges({ messages }, CLAUDE)).toEqual({ messages: [ask, { role: 'assistant', content: [call] }, result] });
  });

  it("leaves other vendors' models behind an Anthropic-compatible URL alone: DeepSeek's signs nothing and wants its thinking back", () => {
    const body = { thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [ask, { role: 'assistant', content: [openaiCompatible, call] }, result] };
    expect(foreignThinkingChanges(body, 'deepseek-v4-pro')).toBeUndefined();
  });
});
