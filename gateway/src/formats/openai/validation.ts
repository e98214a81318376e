import type { z } from 'zod';
import { invalidRequest, type GatewayError } from '../../errors/gateway-error';

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

/**
 * Validates a client body with `schema`, or throws the 400 for its first problem. The parse that
 * usually succeeds passes zod no options: any parse context, even `{ reportInput: true }`, costs
 * zod its fast path (several µs on a small body). Only a rejected body is parsed again, with the
 * offending input reported, which the error message needs to say what was received.
 */
export function parseClientBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const reported = schema.safeParse(body, { reportInput: true });
  throw invalidRequestFromZod(reported.success ? parsed.error : reported.error);
}

/**
 * Turns the first zod issue into a 400 whose `param` is the dotted path of the offending field
 * (`messages.0.content`) and whose message names that path too, so a client can fix its body.
 */
export function invalidRequestFromZod(error: z.ZodError): GatewayError {
  const first = error.issues[0];
  if (first === undefined) return invalidRequest('Invalid request body');
  const { path, message } = mostSpecific(first, []);
  const param = dotted(path);
  return invalidRequest(param === '' ? `Invalid request body: ${message}` : `Invalid '${param}': ${message}`, param || undefined);
}

export function dotted(path: Path): string {
  return path.map((key) => String(key)).join('.');
}

/**
 * A union failure hides the useful issue in one of its branches: the branch that got furthest
 * into the value (longest path) is the one the client meant, e.g. an array of parts with one
 * bad part. When every branch failed at the root, the union's own message says what is allowed.
 */
function mostSpecific(issue: Issue, prefix: Path): { path: Path; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: Issue | undefined;
    for (const branch of issue.errors) {
      const candidate = branch[0];
      if (candidate !== undefined && candidate.path.length > 0 && (best === undefined || candidate.path.length > best.path.length)) {
        best = candidate;
      }
    }
    if (best !== undefined) return mostSpecific(best, path);
    return { path, message: withReceived(issue.message, issue.input) };
  }
  if (issue.code === 'invalid_union' && 'options' in issue && issue.options !== undefined) {
    // A discriminated union (role, part type) whose tag matched no option.
    return { path, message: `unsupported value; expected one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}` };
  }
  return { path, message: describe(issue) };
}

function describe(issue: Issue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required field is missing (expected ${issue.expected})`;
  const message = issue.message.replace(/^Invalid input: /, '');
  return message.charAt(0).toLowerCase() + message.slice(1);
}

function withReceived(message: string, input: unknown): string {
  if (input === undefined) return `required field is missing (${message})`;
  const received = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
  return `${message}, received ${received}`;
}
