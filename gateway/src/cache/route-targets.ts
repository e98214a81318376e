import { takesNatively } from '../providers/types';
import type { ClientShape } from '../providers/types';
import type { Candidate } from '../routing/types';

/** Per config target that forces `params`: its description, serialised once. */
const withParams = new WeakMap<Candidate['target'], string>();

/**
 * What a route resolved to for this request, as cache key material: the targets that could
 * answer it (`provider/model`, with any forced `params`), sorted, so a loadbalance route's
 * shuffled order keeps one entry. Two requests for one alias that rules send to different
 * targets (a conditional route on metadata, user or tier) must never share an answer, and a
 * route whose targets changed must stop serving the old models' answers. Runs on every
 * cached request: the usual single target is its key as it is, with nothing built.
 */
export function targetsOf(candidates: readonly Candidate[]): string {
  if (candidates.length === 1) return describe(candidates[0] as Candidate);
  return candidates.map(describe).sort().join('\n');
}

function describe(candidate: Candidate): string {
  const { params } = candidate.target;
  if (!params) return candidate.key;
  let text = withParams.get(candidate.target);
  if (text === undefined) {
    text = `${candidate.key} ${JSON.stringify(params)}`;
    withParams.set(candidate.target, text);
  }
  return text;
}

/**
 * Whether some target takes the client's shape natively, so the request goes upstream as the
 * client sent it, headers included (an Anthropic caller's `anthropic-version` and betas). A
 * translated request carries none of them: the gateway sends its own.
 */
export function reachesNatively(candidates: readonly Candidate[], shape: ClientShape): boolean {
  for (const candidate of candidates) if (takesNatively(candidate.provider.kind, shape)) return true;
  return false;
}
