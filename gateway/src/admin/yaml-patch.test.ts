import { describe, expect, it } from 'vitest';
import { defaultConfigText } from '../config/default-config';
import { parseConfig } from '../config/load';
import { parseConfigDocument } from './config-edit';
import { restoreLayout } from './yaml-layout';
import { deleteEntry, sectionAsWritten, setEntry } from './yaml-patch';
import type { Document } from 'yaml';

const text = `# Team gateway

providers:
  openai:    { type: openai, credential: openai }      # the main one
  anthropic: { type: anthropic, apiKey: env:ANTHROPIC_API_KEY }

routes:
  # Most traffic goes here.
  workhorse:
    strategy: fallback    # try in order
    targets:
      - { provider: anthropic, model: claude-sonnet-4-5, timeoutMs: 15s }  # primary
      - { provider: openai, model: gpt-5.1 }
    retry: { attempts: 2, backoffMs: 250 }

  cheap:
    strategy: single
    targets:
      - provider: openai
        model: gpt-4o-mini
`;

function edit(source: string, change: (doc: Document) => void): string {
  const doc = parseConfigDocument(source);
  change(doc);
  return restoreLayout(source, doc.toString({ lineWidth: 0 }));
}

describe('editing routes and providers in the YAML text', () => {
  it('changes one target of a route and leaves every comment, blank line and aligned column alone', () => {
    const out = edit(text, (doc) =>
      setEntry(doc, 'routes', 'workhorse', {
        strategy: 'fallback',
        targets: [
          { provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: '15s' },
          { provider: 'openai', model: 'gpt-4o' },
        ],
        retry: { attempts: 2, backoffMs: 250 },
      }),
    );
    expect(out).toBe(text.replace('model: gpt-5.1 }', 'model: gpt-4o }'));
  });

  it('appends a target in the style of its neighbours and removes keys the new value leaves out', () => {
    const out = edit(text, (doc) =>
      setEntry(doc, 'routes', 'workhorse', {
        strategy: 'fallback',
        targets: [
          { provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: '15s' },
          { provider: 'openai', model: 'gpt-5.1' },
          { provider: 'gemini', model: 'gemini-2.5-flash' },
        ],
      }),
    );
    expect(out).toContain('      - { provider: openai, model: gpt-5.1 }\n      - { provider: gemini, model: gemini-2.5-flash }\n');
    expect(out).not.toContain('retry:');
    expect(out).toContain('    strategy: fallback    # try in order\n');
    expect(out).toContain('      - { provider: anthropic, model: claude-sonnet-4-5, timeoutMs: 15s }  # primary\n');
  });

  it('adds a provider as a one-line entry like the others, and deletes one', () => {
    const out = edit(text, (doc) => {
      setEntry(doc, 'providers', 'groq', { type: 'openai-compatible', preset: 'groq', credential: 'groq' });
      deleteEntry(doc, 'providers', 'anthropic');
    });
    expect(out).toContain('  openai:    { type: openai, credential: openai }      # the main one\n  groq: { type: openai-compatible, preset: groq, credential: groq }\n\nroutes:');
    expect(out).not.toContain('anthropic:');
  });

  it('creates the section in the commented starter file and the result is a valid config', () => {
    const out = edit(defaultConfigText(), (doc) => {
      setEntry(doc, 'providers', 'openai', { type: 'openai', credential: 'openai' });
      setEntry(doc, 'routes', 'fast', { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] });
    });
    expect(parseConfig(out).routes.fast?.targets).toEqual([{ provider: 'openai', model: 'gpt-4o-mini' }]);
    expect(out).toContain('# No secrets in this file.');
    expect(out).toContain('#   ollama:    { type: openai-compatible, preset: ollama }        # local, no key');
    // The blank line between the header comment and `server:` survives.
    expect(out).toContain('(apiKey: env:VAR).\n\nserver:');
  });

  it('moves each target\'s comments and style with it when targets are reordered, and back', () => {
    const source = `routes:
  cheap:
    targets:   # in order
      # first choice
      - { provider: openai, model: gpt-4o-mini }  # cheapest
      # the fallback
      - provider: anthropic
        model: claude-haiku-4-5
`;
    const mini = { provider: 'openai', model: 'gpt-4o-mini' };
    const haiku = { provider: 'anthropic', model: 'claude-haiku-4-5' };
    const swapped = edit(source, (doc) => setEntry(doc, 'routes', 'cheap', { targets: [haiku, mini] }));
    expect(swapped).toBe(`routes:
  cheap:
    targets:   # in order
      # the fallback
      - provider: anthropic
        model: claude-haiku-4-5
      # first choice
      - { provider: openai, model: gpt-4o-mini }  # cheapest
`);
    expect(edit(swapped, (doc) => setEntry(doc, 'routes', 'cheap', { targets: [mini, haiku] }))).toBe(source);
  });

  it('keeps a comment on its target when that target is edited and moved, or another is put before it', () => {
    const out = edit(text, (doc) =>
      setEntry(doc, 'routes', 'workhorse', {
        strategy: 'fallback',
        targets: [
          { provider: 'gemini', model: 'gemini-2.5-flash' },
          { provider: 'openai', model: 'gpt-5.1' },
          { provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: '30s' },
        ],
        retry: { attempts: 2, backoffMs: 250 },
      }),
    );
    expect(out).toContain(
      '      - { provider: gemini, model: gemini-2.5-flash }\n      - { provider: openai, model: gpt-5.1 }\n      - { provider: anthropic, model: claude-sonnet-4-5, timeoutMs: 30s } # primary\n',
    );
  });

  it('keeps the comments of a target listed twice when another is moved before both', () => {
    const source = `routes:
  twice:
    strategy: fallback
    targets:
      - { provider: openai, model: gpt-4o } # one
      - { provider: openai, model: gpt-4o } # two
      - { provider: anthropic, model: claude-sonnet-4-5 } # three
`;
    const twice = { provider: 'openai', model: 'gpt-4o' };
    const out = edit(source, (doc) => setEntry(doc, 'routes', 'twice', { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }, twice, twice] }));
    expect(out).toContain('      - { provider: anthropic, model: claude-sonnet-4-5 } # three\n');
    expect(out).toContain('# one');
    expect(out).toContain('# two');
  });

  it('reads a section as written: durations and env references stay as the user wrote them', () => {
    const routes = sectionAsWritten(parseConfigDocument(text), 'routes');
    expect(routes.workhorse?.targets).toEqual([
      { provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: '15s' },
      { provider: 'openai', model: 'gpt-5.1' },
    ]);
    expect(sectionAsWritten(parseConfigDocument(text), 'providers').anthropic).toEqual({ type: 'anthropic', apiKey: 'env:ANTHROPIC_API_KEY' });
  });
});

describe('restoring layout', () => {
  it('never brings back an original line whose meaning the edit changed', () => {
    const original = 'a: "x  y"\nb: 1\n';
    // The edit changed the string's inner spacing: same shape, different value.
    expect(restoreLayout(original, 'a: "x y"\nb: 2\n')).toBe('a: "x y"\nb: 2\n');
  });

  it('keeps compact flow collections the edit did not touch as the user wrote them', () => {
    const original = `providers:
  openai: {type: openai, credential: openai}
routes:
  a: {strategy: single, targets: [{provider: openai, model: gpt-4o-mini}]}
  b:
    strategy: fallback
    fallbackOn: [429, 500]
    targets: [{provider: openai, model: gpt-4o}]
`;
    const edited = edit(original, (doc) => setEntry(doc, 'routes', 'a', { strategy: 'single', targets: [{ provider: 'openai', model: 'gpt-4.1' }] }));
    const lines = edited.split('\n');
    expect(lines.filter((line) => !line.includes('gpt-4.1'))).toEqual(original.split('\n').filter((line) => !line.startsWith('  a:')));
    expect(parseConfig(edited).routes.a?.targets).toEqual([{ provider: 'openai', model: 'gpt-4.1' }]);
  });

  it('does not bring back a quoted string whose spacing next to a comma the edit changed', () => {
    const original = 'a: "x , y"\nb: 1\n';
    expect(restoreLayout(original, 'a: "x, y"\nb: 2\n')).toBe('a: "x, y"\nb: 2\n');
  });
});
