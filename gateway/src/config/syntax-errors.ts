/**
 * Parser errors retold without the text they failed on. Both parsers quote their input: the
 * yaml package appends a code frame, and V8's JSON.parse may quote the bytes around the fault.
 * That input may be a config holding an API key, or a prompt, so only the position is kept.
 */
import type { YAMLError } from 'yaml';

/**
 * Plain advice for the mistakes people make by hand, in place of the yaml package's wording
 * ("Nested mappings are not allowed in compact mappings", "please use YAML.parseAllDocuments()").
 * None of it quotes the file.
 */
const yamlAdvice: Partial<Record<YAMLError['code'], string>> = {
  // `pattern: a: b`, or a line indented deeper than the key above it.
  BLOCK_AS_IMPLICIT_KEY: 'a value here contains ": ": quote values that contain ": " (pattern: "a: b"), or check that the next line is not indented too far',
  BLOCK_IN_FLOW: 'inside { … } or [ … ], quote values that contain ": " ({ pattern: "a: b" })',
  // `port:4000` followed by more keys, or a line indented too far.
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line: missing space after ":"? (write key: value), or is the next line indented too far?',
  MULTIPLE_DOCS: 'one document per file: remove this "---" (or "...") and merge what follows into one mapping',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  DUPLICATE_KEY: 'a key is defined twice in the same mapping',
  UNEXPECTED_TOKEN: 'unexpected text after a value: quote the whole value',
};

/** The yaml package's message, first line only, without its " at line L, column C:" tail. */
function yamlMessage(error: YAMLError): string {
  return (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
}

/** What is wrong, in plain words where the mistake is a common one; else the yaml package's message. */
export function yamlErrorText(error: YAMLError): string {
  const message = yamlMessage(error);
  if (error.code === 'BAD_INDENT') {
    // The package uses one code for misaligned keys and for an unclosed { or [.
    const unclosed = /end with an? ([}\]])/.exec(message)?.[1];
    return unclosed ? `a ${unclosed === '}' ? '{' : '['} is not closed: add the missing ${unclosed}` : 'keys of one mapping must start in the same column: check the indentation';
  }
  if (error.code === 'BAD_SCALAR_START') {
    // One character, which is never a secret: the package names the one it refused.
    const char = /reserved character (\S)/.exec(message)?.[1];
    return `a value cannot start with ${char ?? 'this character'} unless quoted: put the value in quotes`;
  }
  if (error.code === 'MISSING_CHAR') {
    if (/closing .?quote/i.test(message)) return 'a quoted value is not closed: add the missing quote';
    if (/followed by map values/.test(message)) return 'a key needs ": " and a value (missing space after ":"?)';
  }
  return yamlAdvice[error.code] ?? message;
}

/** " (at position N)" from a JSON.parse error, or '' when V8 gave none. */
export function jsonErrorPosition(error: unknown): string {
  const position = error instanceof SyntaxError ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? '' : ` (at position ${position})`;
}
