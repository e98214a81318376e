import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './load';

// docs/config.md is the user's reference: every example there that is a whole file must load.
const docs = readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8');
const wholeFiles = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1] as string)
  .filter((block) => /^(server|providers|routes|cache|limits|budgets|guardrails|x-[\w-]+):/.test(block));

describe('docs/config.md', () => {
  it('has whole-file examples', () => {
    expect(wholeFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(wholeFiles.map((block) => [block.split('\n')[0], block]))('example starting %j parses', (_first, block) => {
    expect(() => parseConfig(block as string)).not.toThrow();
  });
});
