/**
 * Entry of the gateway's utility process (Electron `utilityProcess.fork`). The gateway, its
 * SQLite log and the keychain live here, off the main process, so a slow query or a long
 * log flush never stalls the window or the tray. Main talks to it through the messages in
 * ./protocol, validated on arrival; this file only connects that port to the service.
 */
import { startGateway } from '../../gateway/src/index';
import { createGatewayService } from './gateway-service';
import { chooseFreePort, readListenPreference } from './port-choice';
import { parseParentMessage, type ChildMessage } from './protocol';
import { openDesktopSecretStore } from './secrets';

/** Electron's `process.parentPort` in a utility process (absent anywhere else). */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function parentPort(): ParentPortLike {
  const port: unknown = Reflect.get(process, 'parentPort');
  if (typeof port !== 'object' || port === null || typeof Reflect.get(port, 'postMessage') !== 'function') {
    throw new Error('electron/gateway-process must be started with Electron utilityProcess.fork');
  }
  return port as ParentPortLike;
}

const port = parentPort();
const log = (line: string) => console.error(line);

const service = createGatewayService({
  startGateway,
  openSecrets: () => openDesktopSecretStore(log),
  readListenPreference,
  choosePort: (host, preferred) => chooseFreePort(host, preferred),
  send: (message: ChildMessage) => port.postMessage(message),
  log,
  now: Date.now,
});

port.on('message', ({ data }) => {
  const message = parseParentMessage(data);
  // Never echo the payload: a malformed start message could carry paths or tokens.
  if (!message) return log('[switchboard] gateway process: ignored a malformed message from main');
  void service.handle(message);
});

// Rolls the tray's "today" over at midnight UTC even when no request arrives.
setInterval(() => service.tick(), 60_000).unref();
