import { describe, expect, it } from 'vitest';
import { itemId } from '../response-object';
import { responsesNativeFixes } from './native-fixes';

describe('responsesNativeFixes', () => {
  it("leaves out the reasoning items the gateway made (another provider's signature, or its own id), and keeps OpenAI's", () => {
    const openai = { type: 'reasoning', id: 'rs_68af0000', summary: [], encrypted_content: 'gAAAAB-openai' };
    const user = { role: 'user', content: 'Weather in Paris?' };
    const input = [
      user,
      { type: 'reasoning', id: itemId('rs'), summary: [{ type: 'summary_text', text: 'Claude thought' }], encrypted_content: 'swb1:sig' },
      { type: 'reasoning', id: itemId('rs'), summary: [{ type: 'summary_text', text: 'unsigned' }] },
      openai,
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
    ];
    expect(responsesNativeFixes({ model: 'm', input })?.set.input).toEqual([user, openai, input[4]]);
  });

  it('changes nothing when there is nothing of the gateway to leave out', () => {
    expect(responsesNativeFixes({ model: 'm', input: [{ type: 'reasoning', id: 'rs_1', encrypted_content: 'gAAAA' }] })).toBeUndefined();
    expect(responsesNativeFixes({ model: 'm', input: 'hi' })).toBeUndefined();
  });
});
