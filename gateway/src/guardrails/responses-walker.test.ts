import { describe, expect, it } from 'vitest';
import { compileDetectors } from './policy';
import { scrubRequest } from './scrub-request';

const EMAIL = 'jane.doe@example.com';
const policy = { mode: 'redact' as const, detectors: compileDetectors(undefined) };

describe('PII guardrail over Responses API requests', () => {
  it('redacts instructions, message text, function arguments and outputs, and leaves tools and reasoning alone', () => {
    const body = {
      model: 'fast',
      instructions: `Help ${EMAIL}.`,
      tools: [{ type: 'function', name: 'send', description: `e.g. ${EMAIL}`, parameters: { type: 'object' } }],
      input: [
        { role: 'user', content: [{ type: 'input_text', text: `Mail ${EMAIL}` }, { type: 'input_image', image_url: 'https://example.com/a.png' }] },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: `About ${EMAIL}` }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Sending to ${EMAIL}` }] },
        { type: 'function_call', call_id: 'c', name: 'send', arguments: `{"to":"${EMAIL}"}` },
        { type: 'function_call_output', call_id: 'c', output: `Sent to ${EMAIL}` },
      ],
    };
    const result = scrubRequest(body, 'openai-responses', policy);
    const text = JSON.stringify(result.body);
    expect(result.findings).toEqual({ email: 5 });
    // Only the tool description and the reasoning summary keep the address.
    expect(text.split(EMAIL)).toHaveLength(3);
    expect(JSON.stringify(body.input[1])).toContain(EMAIL);
    expect(scrubRequest({ model: 'fast', input: `Mail ${EMAIL}` }, 'openai-responses', policy).body).toEqual({ model: 'fast', input: 'Mail [EMAIL_1]' });
  });

  it('redacts what only OpenAI takes natively: stored-prompt variables, custom tool, MCP, shell and patch items', () => {
    const body = {
      model: 'fast',
      prompt: { id: 'pmpt_1', variables: { who: EMAIL, note: { type: 'input_text', text: `cc ${EMAIL}` }, logo: { type: 'input_image', image_url: 'https://example.com/a.png' } } },
      input: [
        { type: 'custom_tool_call', call_id: 'c1', name: 'mail', input: `to ${EMAIL}` },
        { type: 'custom_tool_call_output', call_id: 'c1', output: [{ type: 'input_text', text: `sent to ${EMAIL}` }] },
        { type: 'mcp_call', id: 'm1', name: 'send', server_label: 's', arguments: `{"to":"${EMAIL}"}`, output: `ok ${EMAIL}` },
        { type: 'mcp_approval_request', id: 'a1', name: 'send', server_label: 's', arguments: `{"to":"${EMAIL}"}` },
        { type: 'local_shell_call_output', id: 'l1', output: `grep found ${EMAIL}` },
        { type: 'shell_call_output', call_id: 's1', output: [{ stdout: EMAIL, stderr: '', outcome: { type: 'exit', exit_code: 0 } }] },
        { type: 'apply_patch_call_output', call_id: 'p1', status: 'completed', output: `patched ${EMAIL}` },
      ],
    };
    const result = scrubRequest(body, 'openai-responses', policy);
    expect(JSON.stringify(result.body)).not.toContain(EMAIL);
    expect(result.findings).toEqual({ email: 10 });
    expect(JSON.stringify(result.body)).toContain('https://example.com/a.png');
  });
});

