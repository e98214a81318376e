import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { bodyWithOtherTokenField, learnedTokenField, limitChanges, refusedTokenField } from './token-field';

const refusal = (message: string, options: { status?: number; code?: string; param?: string } = {}): GatewayError =>
  new GatewayError('invalid_request', message, { status: options.status ?? 400, code: options.code ?? 'upstream_400', param: options.param });

describe('refusedTokenField', () => {
  it('reads each way servers refuse one of the two fields', () => {
    expect(refusedTokenField(refusal("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", { code: 'unsupported_parameter', param: 'max_tokens' }))).toBe('max_tokens');
    expect(refusedTokenField(refusal('Unrecognized request argument supplied: max_completion_tokens'))).toBe('max_completion_tokens');
    // vLLM and other FastAPI servers, as parseOpenAIError reads them.
    expect(refusedTokenField(refusal("[{'type': 'extra_forbidden', 'loc': ('body', 'max_completion_tokens'), 'msg': 'Extra inputs are not permitted', 'input': 800}]"))).toBe('max_completion_tokens');
    expect(refusedTokenField(refusal('body.max_completion_tokens: Extra inputs are not permitted', { status: 422 }))).toBe('max_completion_tokens');
  });

  it('reads nothing into other refusals', () => {
    expect(refusedTokenField(refusal('max_tokens is too large: 99999. This model supports at most 16384 completion tokens', { code: 'invalid_value', param: 'max_tokens' }))).toBeUndefined();
    expect(refusedTokenField(refusal('body.user: Extra inputs are not permitted', { status: 422 }))).toBeUndefined();
    expect(refusedTokenField(refusal("Unsupported parameter: 'max_tokens'", { status: 500 }))).toBeUndefined();
    expect(refusedTokenField(new Error("Unsupported parameter: 'max_tokens'"))).toBeUndefined();
  });
});

describe('bodyWithOtherTokenField', () => {
  it('moves the limit to the other field and remembers it for that deployment only', () => {
    const error = refusal('Unrecognized request argument supplied: max_completion_tokens');
    const body = bodyWithOtherTokenField(error, 'azure', 'unit-gpt4o', '{"model":"m","max_completion_tokens":64,"messages":[]}');
    expect(JSON.parse(body ?? 'null')).toEqual({ model: 'm', max_tokens: 64, messages: [] });
    expect(learnedTokenField('azure', 'unit-gpt4o')).toBe('max_tokens');
    expect(learnedTokenField('azure', 'unit-other')).toBeUndefined();
    expect(learnedTokenField('other', 'unit-gpt4o')).toBeUndefined();
  });

  it('leaves a body without the refused field alone', () => {
    expect(bodyWithOtherTokenField(refusal('Unrecognized request argument supplied: max_completion_tokens'), 'azure', 'unit-none', '{"model":"m"}')).toBeUndefined();
    expect(learnedTokenField('azure', 'unit-none')).toBeUndefined();
  });
});

describe('limitChanges', () => {
  it("puts a forced limit in the field the params name, dropping the client's", () => {
    expect(limitChanges({ max_completion_tokens: 900 }, { max_tokens: 150 }, undefined)).toEqual({ set: { max_tokens: 150 }, drop: ['max_completion_tokens'] });
    expect(limitChanges({ max_tokens: 900, max_completion_tokens: 800 }, { max_tokens: 150 }, undefined)).toEqual({ set: { max_tokens: 150 }, drop: ['max_completion_tokens'] });
  });

  it('puts it in the learned field, else as the params spell it, and drops nothing that is not there', () => {
    expect(limitChanges({ max_completion_tokens: 900 }, { max_completion_tokens: 100 }, 'max_tokens')).toEqual({ set: { max_tokens: 100 }, drop: ['max_completion_tokens'] });
    expect(limitChanges({ messages: [] }, { max_tokens: 100, temperature: 0 }, undefined)).toEqual({ set: { max_tokens: 100 }, drop: [] });
  });

  it('without a forced limit, only moves the body to the learned field', () => {
    expect(limitChanges({ max_tokens: 50 }, { temperature: 0 }, undefined)).toBeUndefined();
    expect(limitChanges({ max_tokens: 50 }, undefined, 'max_completion_tokens')).toEqual({ set: { max_completion_tokens: 50 }, drop: ['max_tokens'] });
  });
});

