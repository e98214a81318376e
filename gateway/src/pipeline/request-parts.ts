import type { Candidate } from '../routing/types';

/** What a chat call to one provider model always sends: the URL, and the headers before any client pass-through. */
export interface RequestParts {
  /** The credential the headers were built with. */
  key: string | undefined;
  /** The provider's resolved `headers` they were built with. */
  extra: Readonly<Record<string, string>> | undefined;
  url: string;
  /** Shared by every call: copy before adding to it. */
  headers: Readonly<Record<string, string>>;
}

/** Models per provider kept (more are rebuilt as needed): a bound, not a tuning knob. */
const MAX_PER_PROVIDER = 256;

/** By provider object (a config reload brings new ones), then by stream flag, then by model. */
const partsByProvider = new WeakMap<Candidate['provider'], { json: Map<string, RequestParts>; stream: Map<string, RequestParts> }>();

/**
 * The URL and headers of a chat call to `candidate`, built once per provider, model, stream
 * flag and credential rather than per call (URL joins, header objects). A credential or header
 * secret that changed since (a secret set from the UI) builds them again.
 */
export function requestParts(candidate: Candidate, key: string | undefined, extra: Readonly<Record<string, string>> | undefined, stream: boolean): RequestParts {
  const { provider } = candidate;
  let byFlag = partsByProvider.get(provider);
  if (byFlag === undefined) {
    byFlag = { json: new Map(), stream: new Map() };
    partsByProvider.set(provider, byFlag);
  }
  // Keyed by the config's own model string: no key string built per call.
  const byModel = stream ? byFlag.stream : byFlag.json;
  let parts = byModel.get(candidate.model);
  if (parts === undefined || parts.key !== key || parts.extra !== extra) {
    parts = {
      key,
      extra,
      url: provider.kind.chatUrl(provider.baseUrl, candidate.model, stream, provider.config),
      headers: Object.assign({ 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' }, extra, provider.kind.headers(key)),
    };
    if (byModel.size >= MAX_PER_PROVIDER) byModel.clear();
    byModel.set(candidate.model, parts);
  }
  return parts;
}
