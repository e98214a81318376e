import { describe, expect, it } from 'vitest';
import { EventBus } from './event-bus';

const applied = (version: number) => ({ type: 'config.applied' as const, version });

describe('EventBus', () => {
  it('replays what a reconnecting client missed, oldest first', () => {
    const bus = new EventBus(10);
    for (let v = 1; v <= 5; v++) bus.publish(applied(v));
    expect(bus.since(2).map((e) => e.id)).toEqual([3, 4, 5]);
    expect(bus.since(5)).toEqual([]);
  });

  it('keeps only the newest events once the ring is full', () => {
    const bus = new EventBus(3);
    for (let v = 1; v <= 7; v++) bus.publish(applied(v));
    expect(bus.since(0).map((e) => e.id)).toEqual([5, 6, 7]);
  });

  it('sends live-only events to current listeners and never replays them', () => {
    const bus = new EventBus(10);
    bus.publishLive({ type: 'request.started', id: 'req_0', alias: 'gpt', ts: 1 });
    const seen: string[] = [];
    const stop = bus.subscribe((e) => seen.push(e.event.type));
    bus.publishLive({ type: 'request.started', id: 'req_1', alias: 'gpt', ts: 2 });
    bus.publish(applied(1));
    stop();
    expect(seen).toEqual(['request.started', 'config.applied']);
    expect(bus.since(0).map((e) => e.event.type)).toEqual(['config.applied']);
  });
});
