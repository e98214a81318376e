/**
 * Registers the bridge's IPC handlers: one channel per method, each checking the sender frame and
 * validating its arguments before anything runs.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  bridgeChannels,
  gatewayInfoChannel,
  type BridgeArgs,
  type BridgeMethod,
  type BridgeResult,
  type GatewayInfo,
} from '../../preload/bridge';
import type { BridgeHandlers } from './bridge-handlers';
import { bridgeArgSchemas } from './bridge-schemas';
import { isTrustedSender } from './sender-validation';

export interface BridgeIpcOptions {
  /** Origin of the renderer (app://switchboard, or the dev server in development). */
  appOrigin: string;
  handlers: BridgeHandlers;
  /** Current gateway state; read on every request because the preload asks once per page load. */
  gatewayInfo: () => GatewayInfo;
}

type IpcRegistrar = Pick<IpcMain, 'handle' | 'on' | 'removeHandler' | 'removeAllListeners'>;

/** Registers all bridge channels and returns a function that removes them again. */
export function registerBridgeIpc(ipc: IpcRegistrar, options: BridgeIpcOptions): () => void {
  const { appOrigin, handlers } = options;
  registerMethod(ipc, appOrigin, 'openExternal', handlers.openExternal);
  registerMethod(ipc, appOrigin, 'revealDataDir', handlers.revealDataDir);
  registerMethod(ipc, appOrigin, 'copyText', handlers.copyText);

  ipc.on(gatewayInfoChannel, (event: IpcMainEvent) => {
    // A sync message must always get a returnValue, or the sender blocks until it gives up.
    const reply: GatewayInfo = isTrustedSender(event, appOrigin)
      ? options.gatewayInfo()
      : { state: 'failed', message: 'This page is not allowed to talk to the desktop shell.' };
    event.returnValue = reply;
  });

  return () => {
    for (const channel of Object.values(bridgeChannels)) ipc.removeHandler(channel);
    ipc.removeAllListeners(gatewayInfoChannel);
  };
}

function registerMethod<M extends BridgeMethod>(
  ipc: IpcRegistrar,
  appOrigin: string,
  method: M,
  handler: (...args: BridgeArgs<M>) => Promise<BridgeResult<M>>,
): void {
  const schema: z.ZodType<BridgeArgs<M>> = bridgeArgSchemas[method];
  ipc.handle(bridgeChannels[method], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    // Errors cross to the renderer as rejections; they name the method, never the arguments.
    if (!isTrustedSender(event, appOrigin)) throw new Error(`${method} refused: untrusted sender`);
    const parsed = schema.safeParse(args);
    if (!parsed.success) throw new Error(`${method} refused: invalid arguments`);
    return handler(...parsed.data);
  });
}
