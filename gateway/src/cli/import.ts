import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatNotes, toYaml } from '../import/emit';
import { importLiteLLM } from '../import/litellm';
import { importPortkey } from '../import/portkey';
import { NothingImportedError } from '../import/types';
import type { ImportResult } from '../import/types';

export interface ImportIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: ImportIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/**
 * `switchboard import litellm|portkey FILE [--out FILE] [--force] [--route NAME]`: prints (or
 * writes) the equivalent Switchboard config and lists on stderr what could not be mapped.
 */
export async function runImport(argv: string[], io: ImportIo = processIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, force: { type: 'boolean' }, route: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [source, file, ...extra] = positionals;
  if ((source !== 'litellm' && source !== 'portkey') || file === undefined || extra.length > 0) {
    io.stderr('usage: switchboard import litellm|portkey FILE [--out FILE] [--force] [--route NAME]\n');
    return 2;
  }
  if (values.route !== undefined && source !== 'portkey') {
    io.stderr('switchboard import: --route applies to portkey (a LiteLLM config names its own model groups)\n');
    return 2;
  }
  const text = await readFile(file, 'utf8');
  let result: ImportResult;
  try {
    result = source === 'litellm' ? importLiteLLM(text) : importPortkey(text, { route: values.route ?? path.basename(file).replace(/\.[^.]+$/, '') });
  } catch (error) {
    if (!(error instanceof NothingImportedError)) throw error;
    // Without the notes, "nothing could be imported" would not say why.
    io.stderr(`switchboard import: ${error.message}:\n${formatNotes(error.notes).join('\n')}\n`);
    return 1;
  }
  const label = source === 'litellm' ? 'LiteLLM' : 'Portkey';
  const yaml = toYaml(result, `Imported from the ${label} config ${path.basename(file)} by \`switchboard import ${source}\`.\nReview the notes it printed before using this file.`);
  if (values.out !== undefined) {
    if (existsSync(values.out) && !values.force) {
      io.stderr(`switchboard import: ${values.out} exists (use --force to overwrite)\n`);
      return 1;
    }
    await writeFile(values.out, yaml, { mode: 0o600 });
    io.stderr(`Wrote ${values.out}\n`);
  } else {
    io.stdout(yaml);
  }
  const notes = formatNotes(result.notes);
  io.stderr(notes.length === 0 ? 'Everything was mapped.\n' : `Not mapped, or mapped approximately (${notes.length}):\n${notes.join('\n')}\n`);
  return 0;
}
