import type { EmbeddingRequest } from '../canonical/types';
import { Cancellation } from '../upstream/cancel';
import type { CancelSignal } from '../upstream/cancel';

/**
 * Batches of one split embeddings call sent at once. A few overlap the round trips (2048
 * inputs are 21 Gemini calls) without turning one client call into a burst the provider's
 * rate limit answers with 429.
 */
export const EMBEDDING_BATCHES_IN_FLIGHT = 4;

/** `request` as consecutive slices of at most `size` inputs, tasks sliced with them (itself when it fits). */
export function splitRequest(request: EmbeddingRequest, size: number | undefined): EmbeddingRequest[] {
  const { input, tasks } = request;
  if (size === undefined || input.length <= size) return [request];
  const batches: EmbeddingRequest[] = [];
  for (let start = 0; start < input.length; start += size) {
    const batch: EmbeddingRequest = { ...request, input: input.slice(start, start + size) };
    if (tasks) batch.tasks = tasks.slice(start, start + size);
    batches.push(batch);
  }
  return batches;
}

/**
 * Runs `call` on every batch, at most `inFlight` at a time, and resolves their results in batch
 * order. The first failure rejects the whole run with that batch's own error, as if the call had
 * been one request: no further batch starts, and those still in flight are cancelled (their
 * vectors could no longer be used, and the provider would bill them).
 */
export async function runBatches<B, R>(
  batches: readonly B[],
  call: (batch: B, signal: CancelSignal) => Promise<R>,
  signal: CancelSignal,
  inFlight = EMBEDDING_BATCHES_IN_FLIGHT,
): Promise<R[]> {
  const cancel = new Cancellation();
  const follow = (): void => cancel.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  const results: R[] = new Array<R>(batches.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < batches.length) {
      const index = next++;
      try {
        results[index] = await call(batches[index] as B, cancel);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          cancel.abort(error);
        }
        return;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
  } finally {
    signal.removeEventListener('abort', follow);
  }
  if (failure !== undefined) throw failure.error;
  return results;
}
