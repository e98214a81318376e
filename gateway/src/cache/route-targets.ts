import type { Candidate } from '../routing/types';

/** Per candidates array: fixed routes expand once per config, so most requests reuse one. */
const described = new WeakMap<readonly Candidate[], string>();

/**
 * What a route resolved to for this request, as cache key material: the targets that could
 * answer it (`provider/model`, with any forced `params`), sorted, so a loadbalance route's
 * shuffled order keeps one entry. Two requests for one alias that rules send to different
 * targets (a conditional route on metadata, user or tier) must never share an answer, and a
 * route whose targets changed must stop serving the old models' answers.
 */
export function targetsOf(candidates: readonly Candidate[]): string {
  let text = described.get(candidates);
  if (text === undefined) {
    text = candidates
      .map((candidate) => (candidate.target.params ? `${candidate.key} ${JSON.stringify(candidate.target.params)}` : candidate.key))
      .sort()
      .join('\n');
    described.set(candidates, text);
  }
  return text;
}
