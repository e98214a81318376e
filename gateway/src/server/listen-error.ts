const CHOOSE_PORT = 'choose another port (server.port in the config, --port or SWITCHBOARD_PORT)';

/**
 * Node's "listen EADDRINUSE: address already in use 127.0.0.1:4000" says what failed but not
 * what to do; this is the whole message `switchboard serve` and the desktop app show.
 */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const hints: Record<string, string> = {
    EADDRINUSE: `the port is already in use (another Switchboard, or another program); stop it, or ${CHOOSE_PORT}`,
    EACCES: `this user may not listen on that port (ports below 1024 need privileges); ${CHOOSE_PORT}`,
    EADDRNOTAVAIL: `${host} is not an address of this machine; choose another host (server.host, --host or SWITCHBOARD_HOST)`,
  };
  const hint = error.code === undefined ? undefined : hints[error.code];
  if (hint === undefined) return error;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return Object.assign(new Error(`cannot listen on ${where} (${error.code}): ${hint}`, { cause: error }), { code: error.code });
}
