import type { z } from 'zod';
import { GatewayError, invalidRequest } from '../../errors/gateway-error';
import { parseClientBody } from '../openai/validation';

/** Notes why a request cannot be translated; the first note is the one reported. */
export type Refuse = (error: GatewayError) => void;

/** A member of the body against its own schema, with errors naming it by its path in the body. */
export function parseAt<T extends z.ZodType>(schema: T, value: unknown, path: string): z.output<T> {
  try {
    return parseClientBody(schema, value);
  } catch (error) {
    if (!(error instanceof GatewayError) || error.kind !== 'invalid_request') throw error;
    const inner = error.param;
    const param = inner === undefined ? path : `${path}.${inner}`;
    const message = inner === undefined ? error.message.replace('Invalid request body', `Invalid '${param}'`) : error.message.replace(`'${inner}'`, `'${param}'`);
    throw invalidRequest(message, param);
  }
}

