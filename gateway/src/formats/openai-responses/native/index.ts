/**
 * OpenAI's Responses API as a provider speaks it: what a native `POST /v1/responses` call to
 * OpenAI needs to be read (its answer for the cache, its stream for the probe, its usage for the
 * cost) without being changed.
 */
import type { NativeApi } from '../../../providers/types';
import { joinUrl } from '../../../providers/types';
import { responsesNativeFixes } from './native-fixes';
import { parseResponsesObject } from './parse-response';
import { createResponsesStreamParser } from './stream-parser';
import { responsesTargetParams } from './target-params';
import { responsesUsageTap, storedResponseId, unfinishedRun } from './usage-tap';

export const responsesNativeApi: NativeApi = {
  url: (baseUrl) => joinUrl(baseUrl, '/responses'),
  parseResponse: parseResponsesObject,
  createStreamParser: createResponsesStreamParser,
  usageTap: responsesUsageTap,
  nativeFixes: responsesNativeFixes,
  targetParams: responsesTargetParams,
  storedResponseId,
  unfinishedRun,
};
