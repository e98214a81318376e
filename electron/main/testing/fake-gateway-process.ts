/**
 * A stand-in for the gateway's Electron utility process (tests only). Messages cross it through
 * structuredClone, as they cross Electron's process boundary; a scripted `behaviour` plays the
 * process's side, and `crash()` ends it unexpectedly.
 */
import { EventEmitter } from 'node:events';
import type { ParentMessage } from '../../gateway-process/protocol';
import type { GatewayChildProcess } from '../gateway/gateway-process-host';

export type FakeBehaviour = (message: ParentMessage, process: FakeGatewayProcess) => void;

export class FakeGatewayProcess extends EventEmitter implements GatewayChildProcess {
  readonly received: ParentMessage[] = [];
  killed = false;
  exited = false;

  constructor(private readonly behaviour: FakeBehaviour) {
    super();
    // Electron emits 'spawn' asynchronously, once the process runs.
    queueMicrotask(() => this.emit('spawn'));
  }

  postMessage(message: ParentMessage): void {
    if (this.exited) return;
    const copy = structuredClone(message);
    this.received.push(copy);
    this.behaviour(copy, this);
  }

  /** The process sends `message` to main. */
  reply(message: unknown): void {
    if (!this.exited) this.emit('message', structuredClone(message));
  }

  crash(code = 1): void {
    this.exit(code);
  }

  kill(): boolean {
    if (this.exited) return false;
    this.killed = true;
    queueMicrotask(() => this.exit(15));
    return true;
  }

  private exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }
}

/** Where a fake gateway listens on `port`. */
export const listeningOn = (port: number) => ({ url: `http://127.0.0.1:${port}`, port, adminToken: 'sbadm-token' });

/** A process that does what it is told: starts (on the preferred port, else `defaultPort`), pauses, resumes, flushes. */
export function obedient(defaultPort = 4000): FakeBehaviour {
  let port = defaultPort;
  return (message, process) => {
    switch (message.type) {
      case 'start':
        port = message.options.preferredPort ?? defaultPort;
        return process.reply({ type: 'ready', ...listeningOn(port) });
      case 'resume':
        return process.reply({ type: 'ready', ...listeningOn(port) });
      case 'pause':
        return process.reply({ type: 'paused', ...listeningOn(port) });
      case 'shutdown':
        return process.reply({ type: 'flushed' });
    }
  };
}
