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
  /** Fixed-size ring: publishing is O(1) however full it is. */
  private readonly ring: Array<StampedEvent | undefined>;
  private readonly listeners = new Set<(event: StampedEvent) => void>();

  constructor(private readonly capacity = 1000) {
    this.ring = new Array<StampedEvent | undefined>(capacity);
  }

  publish(event: GatewayEvent): void {
    const stamped = { id: this.nextId++, event };
    this.ring[stamped.id % this.capacity] = stamped;
    for (const listener of this.listeners) listener(stamped);
  }

  /**
   * Publishes only to whoever is listening now, without buffering: for events that matter
   * live and would only crowd the replay buffer (request.started).
   */
  publishLive(event: GatewayEvent): void {
    if (this.listeners.size === 0) return;
    const stamped = { id: this.nextId++, event };
    for (const listener of this.listeners) listener(stamped);
  }

  /** Buffered events after `lastId`, oldest first. */
  since(lastId: number): StampedEvent[] {
    const newest = this.nextId - 1;
    const from = Math.max(lastId + 1, newest - this.capacity + 1, 1);
    const out: StampedEvent[] = [];
    for (let id = from; id <= newest; id++) {
      const stamped = this.ring[id % this.capacity];
      if (stamped?.id === id) out.push(stamped);
    }
    return out;
  }

  subscribe(listener: (event: StampedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
