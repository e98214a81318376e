/**
 * Live events for the UI (request started/finished, breaker changes, budget alerts, config
 * reloads). Each event gets an increasing id; a ring buffer keeps the recent ones so an SSE
 * client reconnecting with `Last-Event-ID` misses nothing that is still buffered.
 */
import type { GatewayEvent } from '../admin/api-types';

export interface StampedEvent {
  id: number;
  event: GatewayEvent;
}

export class EventBus {
  private nextId = 1;
  private readonly buffer: StampedEvent[] = [];
  private readonly listeners = new Set<(event: StampedEvent) => void>();

  constructor(private readonly capacity = 1000) {}

  publish(event: GatewayEvent): void {
    const stamped = { id: this.nextId++, event };
    this.buffer.push(stamped);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const listener of this.listeners) listener(stamped);
  }

  /** Events after `lastId` still in the buffer, oldest first. */
  since(lastId: number): StampedEvent[] {
    const first = this.buffer.findIndex((e) => e.id > lastId);
    return first === -1 ? [] : this.buffer.slice(first);
  }

  subscribe(listener: (event: StampedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
