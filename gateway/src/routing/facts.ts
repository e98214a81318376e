import { estimateTokens } from '../canonical/estimate-tokens';
import type { RoutingFacts, RoutingKey } from './types';

/** Rules match against the end of very long messages only, bounding regex work per request. */
const MAX_RULE_TEXT = 20_000;

/** Routing facts with everything derivable filled in. */
export interface ResolvedFacts {
  estimatedTokens: number | undefined;
  metadata: Readonly<Record<string, string>>;
  key: RoutingKey | undefined;
  /** The end user: the key's user, else the request's `user`, else `metadata.user`. */
  user: string | undefined;
  hasTools: boolean;
  hasImages: boolean;
  lastUserText: string;
  stream: boolean;
  maxTokens: number | undefined;
  /**
   * Routed by model name alone (embeddings, token counting: no facts given): conditional routes
   * take their default, since a rule like `not: { metadata.tier: free }` would match the
   * empty request and send it to a chat branch.
   */
  byNameOnly: boolean;
}

/** Fills in what the caller left out from the canonical request, once per request (`estimatedTokens` when the caller has it already). */
export function resolveFacts(given?: RoutingFacts, estimatedTokens = given?.estimatedTokens ?? (given?.request ? estimateTokens(given.request) : undefined)): ResolvedFacts {
  const facts = given ?? {};
  const request = facts.request;
  const metadata: Record<string, string> = Object.assign({}, request?.metadata, facts.metadata);
  return {
    estimatedTokens,
    metadata,
    key: facts.key,
    user: facts.key?.user ?? request?.user ?? metadata.user,
    hasTools: facts.hasTools ?? (request?.tools?.length ?? 0) > 0,
    hasImages: facts.hasImages ?? (request ? request.messages.some((m) => m.content.some(isImagePart)) : false),
    lastUserText: (facts.lastUserText ?? (request ? lastUserText(request.messages) : '')).slice(-MAX_RULE_TEXT),
    stream: request?.stream ?? false,
    maxTokens: request?.maxTokens,
    byNameOnly: given === undefined,
  };
}

type Message = NonNullable<RoutingFacts['request']>['messages'][number];
type Part = Message['content'][number];

function isImagePart(part: Part): boolean {
  if (part.type === 'image') return true;
  return part.type === 'tool-result' && part.content.some((inner) => inner.type === 'image');
}

/** The text of the last user turn that has text (tool results alone are not what the user typed). */
function lastUserText(messages: Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Message;
    if (message.role !== 'user') continue;
    const text = message.content
      .filter((part): part is Extract<Part, { type: 'text' }> => part.type === 'text')
      .map((part) => part.text)
      .join('\n');
    if (text !== '') return text;
  }
  return '';
}
