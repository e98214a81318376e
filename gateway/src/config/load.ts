/**
 * YAML text → validated Config, or a ConfigError listing every problem with its dotted path and
 * line. Three layers, each only when the previous one passed: YAML syntax, the zod schema,
 * then the cross-references in semantic.ts.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { ConfigError, dottedPath } from './config-error';
import type { ConfigIssue } from './config-error';
import { configSchema } from './schema';
import type { Config } from './schema';
import { checkSemantics } from './semantic';
import { yamlErrorText } from './syntax-errors';
import { duplicateKeyAt, lineOf } from './yaml-locate';
import { describeZodIssues } from './zod-issues';
import type { PathIssue } from './zod-issues';

export { defaultConfigText } from './default-config';

/** Top-level sections a user may leave empty (`providers:` with everything below commented out). */
const sections = ['server', 'providers', 'routes', 'cache', 'limits', 'budgets', 'guardrails'];

/**
 * Top-level keys starting `x-` are the user's own (as in Docker Compose): a place to keep YAML
 * anchors that routes and providers then share with merge keys (`<<: *defaults`).
 */
const isExtensionKey = (key: string): boolean => key.startsWith('x-');

function syntaxIssue(error: YAMLError, doc: Document, lineCounter: LineCounter): ConfigIssue {
  // The position goes in its own fields.
  const position = error.linePos?.[0];
  const duplicate = error.code === 'DUPLICATE_KEY' ? duplicateKeyAt(doc, lineCounter, error.pos[0]) : undefined;
  if (duplicate) return { path: dottedPath(duplicate.path), message: `defined twice (first on line ${duplicate.firstLine})`, line: position?.line };
  return { path: '', message: `YAML syntax: ${yamlErrorText(error)}`, line: position?.line, column: position?.col };
}

function withLines(issues: PathIssue[], doc: Document, lineCounter: LineCounter): ConfigIssue[] {
  return issues.map(({ path, message }) => ({ path: dottedPath(path), message, line: lineOf(doc, lineCounter, path) }));
}

/** Parses and validates config text. `source` (usually the file path) is named in errors. */
export function parseConfig(text: string, source?: string): Config {
  const lineCounter = new LineCounter();
  // `merge`: YAML 1.1 merge keys (`<<: *defaults`), which YAML 1.2 left out but people use.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    // The parser may report one mistake twice at the same place, under two codes.
    const first = doc.errors.filter((error, index) => doc.errors.findIndex((other) => other.pos[0] === error.pos[0]) === index);
    throw new ConfigError(first.map((error) => syntaxIssue(error, doc, lineCounter)), source);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // e.g. too many aliases (a "billion laughs" file).
    throw new ConfigError([{ path: '', message: `YAML: ${cause instanceof Error ? cause.message : String(cause)}` }], source);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    // A lone `server:4000` is one string to YAML.
    const hint = typeof data === 'string' && /^[^\s:]+:\S/.test(data) ? ' — missing a space after ":"?' : '';
    throw new ConfigError([{ path: '', message: `the file must be a mapping of sections (server:, providers:, routes:, …)${hint}`, line: lineOf(doc, lineCounter, []) }], source);
  }
  const record = data as Record<string, unknown>;
  for (const section of sections) if (record[section] === null) delete record[section];
  for (const key of Object.keys(record)) if (isExtensionKey(key)) delete record[key];

  const parsed = configSchema.safeParse(record);
  if (!parsed.success) throw new ConfigError(withLines(describeZodIssues(parsed.error.issues, record), doc, lineCounter), source);

  const semantic = checkSemantics(parsed.data);
  if (semantic.length > 0) throw new ConfigError(withLines(semantic, doc, lineCounter), source);
  return parsed.data;
}

/** Reads and parses a config file. File-system errors (ENOENT, EACCES) propagate as they are. */
export async function loadConfigFile(path: string): Promise<Config> {
  return parseConfig(await readFile(path, 'utf8'), path);
}
