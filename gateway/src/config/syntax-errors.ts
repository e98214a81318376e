/**
 * Parser errors retold without the text they failed on. Both parsers quote their input: the
 * yaml package appends a code frame, and V8's JSON.parse may quote the bytes around the fault.
 * That input may be a config holding an API key, or a prompt, so only the position is kept.
 */
import type { YAMLError } from 'yaml';

/** The yaml package's message, first line only, without its " at line L, column C:" tail. */
export function yamlErrorText(error: YAMLError): string {
  return (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
}

/** " (at position N)" from a JSON.parse error, or '' when V8 gave none. */
export function jsonErrorPosition(error: unknown): string {
  const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? '' : ` (at position ${position})`;
}
