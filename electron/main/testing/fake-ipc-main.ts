/** A stand-in for Electron's ipcMain that lets tests send messages as a chosen frame (tests only). */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';

export interface FakeFrame {
  url: string;
  parent: unknown;
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type SyncListener = (event: IpcMainEvent) => void;

export class FakeIpcMain {
  private readonly handlers = new Map<string, InvokeListener>();
  private readonly syncListeners = new Map<string, SyncListener[]>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  on(channel: string, listener: SyncListener): this {
    this.syncListeners.set(channel, [...(this.syncListeners.get(channel) ?? []), listener]);
    return this;
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  removeAllListeners(channel?: string): this {
    if (channel === undefined) this.syncListeners.clear();
    else this.syncListeners.delete(channel);
    return this;
  }

  channels(): string[] {
    return [...this.handlers.keys(), ...this.syncListeners.keys()];
  }

  /** What `ipcRenderer.invoke(channel, ...args)` from `frame` would resolve or reject with. */
  async invoke(frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame } as unknown as IpcMainInvokeEvent, ...args);
  }

  /** What `ipcRenderer.sendSync(channel)` from `frame` would return. */
  sendSync(frame: FakeFrame | null, channel: string): unknown {
    const event = { senderFrame: frame, returnValue: undefined as unknown };
    for (const listener of this.syncListeners.get(channel) ?? []) listener(event as unknown as IpcMainEvent);
    return event.returnValue;
  }

  asIpcMain(): IpcMain {
    return this as unknown as IpcMain;
  }
}
