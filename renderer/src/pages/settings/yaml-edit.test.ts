import { describe, expect, it } from 'vitest';
import { applyServerSettings, readServerSettings } from './yaml-edit';

const FILE = `# My gateway
server:
  port: 4000          # the usual port
  auth: required
providers:
  openai: { type: openai, credential: openai }   # keychain
`;

describe('editing server settings in the YAML', () => {
  it('reads what the file says, with the schema defaults for the rest', () => {
    expect(readServerSettings(FILE)).toEqual({ port: 4000, auth: 'required', logBodies: false });
    expect(readServerSettings('')).toEqual({ port: 4000, auth: 'required', logBodies: false });
  });

  it('changes only the edited keys and keeps comments and the rest of the file', () => {
    const text = applyServerSettings(FILE, { port: 4100, logBodies: true, auth: 'required' });
    expect(text).toContain('# My gateway');
    expect(text).toContain('port: 4100 # the usual port');
    expect(text).toContain('logBodies: true');
    expect(text).toContain('openai: { type: openai, credential: openai } # keychain');
    expect(readServerSettings(text)).toEqual({ port: 4100, auth: 'required', logBodies: true });
  });

  it('adds a server section to a file without one', () => {
    const text = applyServerSettings('routes: {}\n', { auth: 'open-on-loopback' });
    expect(readServerSettings(text).auth).toBe('open-on-loopback');
    expect(text).toContain('routes: {}');
  });

  it('refuses to rewrite a file that is not valid YAML', () => {
    expect(() => applyServerSettings('server: [unclosed', { port: 1 })).toThrow(/not valid YAML/);
  });
});
