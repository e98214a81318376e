import * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigManager } from './config-manager';

// A full disk cannot be made portably (nor a read-only folder when tests run as root), so the
// temp file the save writes fails the way ENOSPC makes it fail; everything else is real.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, open: vi.fn(actual.open) };
});

const routeTo = (model: string): string => `providers:\n  openai: { type: openai, credential: openai }\nroutes:\n  fast:\n    targets: [ { provider: openai, model: ${model} } ]\n`;

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-config-save-'));
  file = path.join(dir, 'config.yaml');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('ConfigManager.write on a disk that refuses the write', () => {
  it('says the file was not saved, why and what to do, and leaves the file and the config in use as they were', async () => {
    await writeFile(file, routeTo('gpt-4o'));
    const manager = await ConfigManager.open(file, { watch: false });
    try {
      vi.mocked(fs.open).mockRejectedValueOnce(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      const refused = await manager.write(routeTo('from-ui')).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        status: 500,
        code: 'config_not_saved',
        message: 'config.yaml could not be saved (ENOSPC: no space left on device, write). It was left as it was: free some space on its disk, then save again',
      });
      expect(await readFile(file, 'utf8')).toBe(routeTo('gpt-4o'));
      expect(await readdir(dir)).toEqual(['config.yaml']);
      expect(manager.version).toBe(1);
      // Once there is room again, the same save goes through.
      expect((await manager.write(routeTo('from-ui'))).version).toBe(2);
    } finally {
      manager.close();
    }
  });
});
