import { describe, expect, it } from 'vitest';
import { WriteGate } from './write-gate';

describe('WriteGate', () => {
  it('runs a write at once while open', () => {
    const gate = new WriteGate();
    const ran: string[] = [];
    gate.whenOpen(() => ran.push('a'));
    expect(ran).toEqual(['a']);
    expect(gate.closed).toBe(false);
  });

  it('holds writes while closed and runs them in order when it opens', () => {
    const gate = new WriteGate();
    const ran: string[] = [];
    gate.close();
    gate.whenOpen(() => ran.push('log'));
    gate.whenOpen(() => ran.push('cache'));
    expect(ran).toEqual([]);
    gate.open();
    expect(ran).toEqual(['log', 'cache']);
    gate.open(); // nothing runs twice
    expect(ran).toEqual(['log', 'cache']);
  });

  it('does not let one failing write keep the others waiting', () => {
    const gate = new WriteGate();
    const ran: string[] = [];
    gate.close();
    gate.whenOpen(() => {
      throw new Error('disk full');
    });
    gate.whenOpen(() => ran.push('cache'));
    gate.open();
    expect(ran).toEqual(['cache']);
    expect(gate.closed).toBe(false);
  });
});
