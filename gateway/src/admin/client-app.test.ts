import { describe, expect, it } from 'vitest';
import { clientApp } from './client-app';

describe('clientApp', () => {
  it('names the tools people point at the gateway', () => {
    expect(clientApp('claude-cli/2.0.14 (external, cli)')).toBe('Claude Code');
    expect(clientApp('codex_cli_rs/0.46.0 (Mac OS 15.1.0; arm64) iTerm.app/3.5.0')).toBe('Codex CLI');
    expect(clientApp('OpenAI/JS 6.1.0')).toBe('OpenAI SDK (JS)');
    expect(clientApp('OpenAI/Python 1.109.1')).toBe('OpenAI SDK (Python)');
    expect(clientApp('Anthropic/JS 1.12.0')).toBe('Anthropic SDK (JS)');
    expect(clientApp('ai-sdk/openai/3.0.141 ai-sdk/provider-utils/4.0.0 runtime/node.js/20')).toBe('AI SDK');
    expect(clientApp('curl/8.5.0')).toBe('curl');
    expect(clientApp('switchboard-try/0.1.0')).toBe('Switchboard (Try)');
    expect(clientApp('Mozilla/5.0 (Macintosh) AppleWebKit/537.36 Switchboard/0.1.0 Electron/33.2.0')).toBe('Switchboard app');
  });

  it('falls back to the first product token, and to nothing without a User-Agent', () => {
    expect(clientApp('my-agent/1.2 (linux)')).toBe('my-agent');
    expect(clientApp('x'.repeat(300))).toBe('x'.repeat(40));
    expect(clientApp(null)).toBeNull();
    expect(clientApp('')).toBeNull();
  });
});
