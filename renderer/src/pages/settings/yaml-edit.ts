/**
 * Edits the config's `server:` section in the YAML text itself, so the user's comments, order and
 * formatting survive a change made in Settings (the file is theirs too).
 */
import { isMap, parseDocument } from 'yaml';

export interface ServerSettings {
  port: number;
  auth: 'required' | 'open-on-loopback';
  logBodies: boolean;
}

/** The settings as written (schema defaults where the file is silent). */
export function readServerSettings(text: string): ServerSettings {
  const doc = parseDocument(text);
  const server = doc.get('server');
  const get = (key: string): unknown => (isMap(server) ? server.get(key) : undefined);
  const port = get('port');
  const auth = get('auth');
  const logBodies = get('logBodies');
  return {
    port: typeof port === 'number' ? port : 4000,
    auth: auth === 'open-on-loopback' ? 'open-on-loopback' : 'required',
    logBodies: logBodies === true,
  };
}

/** The text with only the changed `server.*` keys rewritten. Throws on a file that is not valid YAML. */
export function applyServerSettings(text: string, change: Partial<ServerSettings>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`The config file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const current = readServerSettings(text);
  for (const [key, value] of Object.entries(change) as Array<[keyof ServerSettings, ServerSettings[keyof ServerSettings]]>) {
    if (value === undefined || value === current[key]) continue;
    doc.setIn(['server', key], value);
  }
  return doc.toString();
}
