/**
 * Which port the gateway listens on. The config's `server.port` (default 4000) is a preference:
 * when another program holds it, the desktop app takes the next free port rather than failing,
 * and shows the real URL everywhere (tray, window, Connect page).
 */
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

export const DEFAULT_PORT = 4000;
export const DEFAULT_HOST = '127.0.0.1';
/** How many ports above the preferred one are tried before giving up. */
export const PORT_SEARCH_SPAN = 50;

export interface ListenPreference {
  host: string;
  port: number;
}

const serverSection = z.object({
  server: z
    .object({
      port: z.number().int().min(0).max(65_535).optional().catch(undefined),
      host: z.string().min(1).optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
});

/**
 * `server.host` and `server.port` from config text, with the gateway's defaults. Lenient on
 * purpose: a config with an unrelated mistake still names its port, and the gateway itself
 * reports the mistake when it starts.
 */
export function listenPreferenceFromConfig(text: string | undefined): ListenPreference {
  let data: unknown;
  try {
    data = text === undefined ? undefined : parse(text, { maxAliasCount: 100 });
  } catch {
    data = undefined;
  }
  const parsed = serverSection.safeParse(data ?? {});
  const server = parsed.success ? parsed.data.server : undefined;
  return { host: server?.host ?? DEFAULT_HOST, port: server?.port ?? DEFAULT_PORT };
}

/** Reads the preference from the config file; a missing file (first run) gives the defaults. */
export async function readListenPreference(configPath: string): Promise<ListenPreference> {
  let text: string | undefined;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    text = undefined;
  }
  return listenPreferenceFromConfig(text);
}

/**
 * Whether a TCP server could listen on `host:port` right now: false when another program holds
 * it. Rejects when listening there fails for another reason (a host not on this machine, a
 * port this user may not take), which no other port would fix.
 */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    // exclusive: a port shared through the cluster module must count as taken.
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export type PortProbe = (host: string, port: number) => Promise<boolean>;

/**
 * The first free port from `preferred` upwards (at most PORT_SEARCH_SPAN tries, never past
 * 65535). Port 0 means "any free port" and is returned as is for the OS to choose. A port the
 * probe cannot judge is returned too: the gateway's own listen then says what is wrong there,
 * where "no free port" would send the user looking for programs that hold none.
 */
export async function chooseFreePort(host: string, preferred: number, probe: PortProbe = isPortFree): Promise<number> {
  if (preferred === 0) return 0;
  const last = Math.min(preferred + PORT_SEARCH_SPAN, 65_535);
  for (let port = preferred; port <= last; port += 1) {
    if (await probe(host, port).catch(() => true)) return port;
  }
  throw new Error(`no free port between ${preferred} and ${last} on ${host}`);
}
