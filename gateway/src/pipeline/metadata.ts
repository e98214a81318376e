import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest } from '../canonical/types';
import { GatewayError } from '../errors/gateway-error';

const MAX_HEADER_BYTES = 8 * 1024;

/**
 * Request metadata for routing rules and the log: the `x-switchboard-metadata` JSON header
 * (a flat object; values are stringified), merged over the body's `metadata`, plus `user`
 * from the body. The header wins because it is what a client sets per call without touching
 * the provider payload.
 */
export function requestMetadata(headers: IncomingHttpHeaders, request: Pick<ChatRequest, 'metadata' | 'user'>): Record<string, string> | undefined {
  const fromHeader = parseMetadataHeader(headers['x-switchboard-metadata']);
  if (!fromHeader && !request.metadata && request.user === undefined) return undefined;
  const merged: Record<string, string> = Object.assign({}, request.metadata, fromHeader);
  if (request.user !== undefined && merged.user === undefined) merged.user = request.user;
  return merged;
}

function parseMetadataHeader(value: string | string[] | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  if (text.length > MAX_HEADER_BYTES) throw invalidHeader('is larger than 8 KB');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidHeader('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidHeader('must be a JSON object');
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(parsed)) {
    if (entry === null || typeof entry === 'object') throw invalidHeader(`field "${key}" must be a string, number or boolean`);
    out[key] = String(entry);
  }
  return out;
}

const invalidHeader = (problem: string): GatewayError =>
  new GatewayError('invalid_request', `The x-switchboard-metadata header ${problem}`, { code: 'invalid_metadata', param: 'x-switchboard-metadata' });
