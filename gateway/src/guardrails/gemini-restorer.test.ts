import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../sse/decoder';
import { restoreResponseBody } from './restore-response';
import { createSseRestorer } from './sse-restorer';
import { Vault } from './vault';

function vault(): Vault {
  const v = new Vault();
  v.placeholderFor('EMAIL', 'jane@example.com');
  v.placeholderFor('NOTE', 'say "hi"');
  return v;
}

const SIGNATURE = 'CiQB0e2Kb8Zy1mQ2YgZ3bXc9kT0l2h8x';
const envelope = { modelVersion: 'gemini-2.5-flash', responseId: 'YH6LaZT7ENmPxN8P-r2J8Aw' };
const usage = (candidates: number) => ({ promptTokenCount: 40, candidatesTokenCount: candidates, totalTokenCount: 40 + candidates });

/** One `streamGenerateContent?alt=sse` frame with a single candidate. */
const frame = (parts: unknown[], candidate: Record<string, unknown> = {}, n = 1): SseEvent => ({
  data: JSON.stringify({ candidates: [{ content: { role: 'model', parts }, ...candidate }], usageMetadata: usage(n), ...envelope }),
});
const json = (event: SseEvent): { candidates: Array<{ content: { parts: Array<Record<string, unknown>> }; finishReason?: string }> } & Record<string, unknown> =>
  JSON.parse(event.data) as never;
const partsOf = (events: SseEvent[]) => events.flatMap((event) => json(event).candidates.flatMap((candidate) => candidate.content.parts));
const answerText = (events: SseEvent[]): string =>
  partsOf(events)
    .filter((part) => part.thought !== true && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');

describe("restoring Gemini's own answers", () => {
  it('restores a placeholder split across two frames whole, and leaves other frames byte-identical', () => {
    const restorer = createSseRestorer('gemini', vault());
    const thought = frame([{ text: '**Drafting**\n\nAbout [EMAIL_1].', thought: true }]);
    const input = [thought, frame([{ text: 'Mail [EM' }], {}, 3), frame([{ text: 'AIL_1] now' }], {}, 6), frame([{ text: '.' }], { finishReason: 'STOP', index: 0 }, 7)];
    const out = input.flatMap((event) => restorer.push(event));
    expect(answerText(out)).toBe('Mail jane@example.com now.');
    expect(out).toHaveLength(input.length);
    expect(out[0]).toBe(thought); // thoughts are not restored
    expect(out[3]).toBe(input[3]);
    // Rewritten frames keep everything else they carried.
    expect(json(out[1]!)).toEqual({ candidates: [{ content: { role: 'model', parts: [{ text: 'Mail ' }] } }], usageMetadata: usage(3), ...envelope });
    expect(restorer.end()).toEqual([]);
  });

  it('flushes held-back text into the frame that carries finishReason, keeping its signature part', () => {
    const restorer = createSseRestorer('gemini', vault());
    const last = frame([{ text: '', thoughtSignature: SIGNATURE }], { finishReason: 'STOP', index: 0 }, 5);
    const out = [frame([{ text: 'Bye [EMAIL_' }]), last].flatMap((event) => restorer.push(event));
    expect(answerText(out)).toBe('Bye [EMAIL_');
    expect(json(out[1]!).candidates[0]).toEqual({ content: { role: 'model', parts: [{ text: '[EMAIL_', thoughtSignature: SIGNATURE }] }, finishReason: 'STOP', index: 0 });
    expect(json(out[1]!).usageMetadata).toEqual(usage(5));
  });

  it('adds held-back text to a finishing frame without content', () => {
    const restorer = createSseRestorer('gemini', vault());
    const out = [frame([{ text: 'Bye [NOTE' }]), { data: JSON.stringify({ candidates: [{ finishReason: 'MAX_TOKENS', index: 0 }], ...envelope }) }].flatMap((event) =>
      restorer.push(event),
    );
    expect(json(out[1]!).candidates).toEqual([{ content: { role: 'model', parts: [{ text: '[NOTE' }] }, finishReason: 'MAX_TOKENS', index: 0 }]);
  });

  it('leaves out a frame that was all held-back text and sends its text with the next', () => {
    const restorer = createSseRestorer('gemini', vault());
    expect(restorer.push(frame([{ text: '[EMAIL' }]))).toEqual([]);
    expect(answerText(restorer.push(frame([{ text: '_1]!' }])))).toBe('jane@example.com!');
  });

  it('restores function call args whole and puts held-back text before the call', () => {
    const restorer = createSseRestorer('gemini', vault());
    const call = { functionCall: { id: 'c1', name: 'send', args: { to: '[EMAIL_1]', note: '[NOTE_1]', cc: ['[EMAIL_1]'] } }, thoughtSignature: SIGNATURE };
    const out = [frame([{ text: 'Sending to [NOT' }]), frame([call], { finishReason: 'STOP' })].flatMap((event) => restorer.push(event));
    expect(partsOf(out)).toEqual([
      { text: 'Sending to ' },
      { text: '[NOT' },
      { functionCall: { id: 'c1', name: 'send', args: { to: 'jane@example.com', note: 'say "hi"', cc: ['jane@example.com'] } }, thoughtSignature: SIGNATURE },
    ]);
  });

  it('keeps one text stream per candidate and sends leftovers when the stream ends early', () => {
    const restorer = createSseRestorer('gemini', vault());
    const two = (a: string, b: string): SseEvent => ({
      data: JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: a }] }, index: 0 }, { content: { role: 'model', parts: [{ text: b }] }, index: 1 }], ...envelope }),
    });
    const out = [two('A [EMA', 'B [EMAIL_1'), two('IL_1]', '] cut [NO')].flatMap((event) => restorer.push(event));
    const leftovers = restorer.end();
    expect(json(leftovers[0]!)).toEqual({ ...envelope, candidates: [{ index: 1, content: { role: 'model', parts: [{ text: '[NO' }] } }] });
    const textOf = (index: number) => [...out, ...leftovers].flatMap((event) => json(event).candidates.filter((c) => (c as { index?: number }).index === index)).flatMap((c) => c.content.parts.map((p) => p.text)).join('');
    expect(textOf(0)).toBe('A jane@example.com');
    expect(textOf(1)).toBe('B jane@example.com cut [NO');
  });

  it('passes frames through untouched with an empty vault, and error frames always', () => {
    const event = frame([{ text: '[EMA' }]);
    expect(createSseRestorer('gemini', new Vault()).push(event)).toEqual([event]);
    const error: SseEvent = { data: '{"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}' };
    expect(createSseRestorer('gemini', vault()).push(error)[0]).toBe(error);
  });

  it('restores an answer body: text and function call args, not thoughts', () => {
    const answer = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Mailing [EMAIL_1] now', thought: true },
              { text: 'Sending to [EMAIL_1].', thoughtSignature: SIGNATURE },
              { functionCall: { name: 'send', args: { to: '[EMAIL_1]', note: '[NOTE_1]' } } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: usage(20),
      ...envelope,
    };
    const restored = restoreResponseBody(answer, 'gemini', vault()) as typeof answer;
    const [thought, text, call] = restored.candidates[0]!.content.parts;
    expect(thought).toBe(answer.candidates[0]!.content.parts[0]);
    expect(text).toEqual({ text: 'Sending to jane@example.com.', thoughtSignature: SIGNATURE });
    expect(call).toEqual({ functionCall: { name: 'send', args: { to: 'jane@example.com', note: 'say "hi"' } } });
    expect(restored.usageMetadata).toBe(answer.usageMetadata);
    const clean = { candidates: [{ content: { role: 'model', parts: [{ text: 'Nothing to restore' }] } }] };
    expect(restoreResponseBody(clean, 'gemini', vault())).toBe(clean);
  });
});
