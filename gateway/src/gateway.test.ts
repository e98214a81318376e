import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGateway } from './gateway';
import type { GatewayOptions } from './gateway';
import { MemorySecretStore } from './secrets/memory-secret-store';
import { openDatabase } from './store/database';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-start-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const start = (extra: Partial<GatewayOptions> = {}) =>
  startGateway({ configPath: path.join(dataDir, 'config.yaml'), dataDir, port: 0, host: '127.0.0.1', secrets: new MemorySecretStore(), log: () => undefined, ...extra });

/**
 * What this process holds, read from /proc: inotify watches (the config watcher) and file
 * descriptors on the database (the gateway's connection and the checkpoint worker's). Both
 * watchers and the worker are unref'd, so Node's own handle list does not show them.
 */
function held(): { watches: number; database: number } {
  const database = path.join(dataDir, 'switchboard.db');
  let watches = 0;
  let open = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed since the listing
    }
    if (target === 'anon_inode:inotify') watches += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
    else if (target.startsWith(database)) open++;
  }
  return { watches, database: open };
}

/** A checkpoint worker left running opens its connection a few ms after start-up: give it time to show. */
const settled = async (): Promise<ReturnType<typeof held>> => {
  await sleep(300);
  return held();
};

describe.runIf(existsSync('/proc/self/fdinfo'))('a gateway that fails to start', () => {
  it('releases the config watcher when a secret file cannot be read', async () => {
    const before = held();
    await mkdir(path.join(dataDir, 'admin-token'));
    await expect(start()).rejects.toThrow(/EISDIR/);
    expect(await settled()).toEqual(before);
  });

  it('stops the checkpoint worker and closes the database when a later step fails', async () => {
    // A damaged database: its schema version says current, but a table is gone.
    const db = openDatabase(path.join(dataDir, 'switchboard.db'));
    db.exec('DROP TABLE gateway_keys');
    db.close();
    const before = held();
    await expect(start()).rejects.toThrow(/gateway_keys/);
    expect(await settled()).toEqual(before);
  });

  it('says its port is taken and how to choose another, and releases everything, so a retry starts clean', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const before = held();
    await expect(start({ port })).rejects.toThrow(`cannot listen on 127.0.0.1:${port} (EADDRINUSE): the port is already in use (another Switchboard, or another program); stop it, or choose another port (server.port in the config, --port or SWITCHBOARD_PORT)`);
    expect(await settled()).toEqual(before);
    await new Promise<void>((resolve) => taken.close(() => resolve()));

    const gateway = await start({ port });
    expect(gateway.port).toBe(port);
    await gateway.close();
    expect(held()).toEqual(before);
  });
});

describe('a data dir that is not a directory', () => {
  it('is refused with its path, not "file already exists"', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    await writeFile(file, 'x');
    for (const dir of [file, path.join(file, 'below')]) {
      await expect(start({ dataDir: dir, configPath: path.join(dataDir, 'config.yaml') })).rejects.toThrow(
        `the data dir ${dir} is not a folder: a file is in the way (at that path or above it)`,
      );
    }
  });
});
