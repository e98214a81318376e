import { stringify } from 'yaml';
import { ConfigError } from '../config/config-error';
import { parseConfig } from '../config/load';
import type { ImportNote, ImportResult } from './types';

/**
 * The imported config as YAML, checked with the same parser `serve` uses, so what `import`
 * prints always loads. A failure here is an importer bug, reported with the config's own errors.
 */
export function toYaml(result: ImportResult, header: string): string {
  // Shared sub-trees (a pool used by several fallback chains) are written out each time:
  // YAML anchors would be correct but hard to edit by hand.
  const body = stringify(result.config, { aliasDuplicateObjects: false, lineWidth: 0 });
  const text = `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${body}`;
  try {
    parseConfig(text, 'imported config');
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(`the imported config does not validate (please report this): ${error.message}`);
    throw error;
  }
  return text;
}

/** The notes as lines for stderr: `at: message`. */
export function formatNotes(notes: readonly ImportNote[]): string[] {
  return notes.map((note) => `  ${note.at}: ${note.message}`);
}
