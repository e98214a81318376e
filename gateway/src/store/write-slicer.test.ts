import { describe, expect, it } from 'vitest';
import { WriteSlicer } from './write-slicer';

describe('WriteSlicer', () => {
  it('starts from the assumed row cost: 1 ms at 20 µs a row is 50 rows', () => {
    expect(new WriteSlicer({ load: () => 0.5 }).rows).toBe(50);
  });

  it('takes longer slices while the event loop is saturated, and short ones again once it has room', () => {
    let load = 0.95;
    const slicer = new WriteSlicer({ load: () => load });
    // 3 ms at 20 µs a row.
    expect(slicer.rows).toBe(150);
    load = 0.6;
    expect(slicer.rows).toBe(50);
    // A saturated budget below the normal one is taken as the normal one.
    expect(new WriteSlicer({ budgetMs: 2, saturatedBudgetMs: 1, load: () => 1 }).rows).toBe(100);
  });

  it('follows the measured cost of a row towards the time budget', () => {
    const slicer = new WriteSlicer({ budgetMs: 1, initialRowMs: 0.02, load: () => 0 });
    // Rows turn out to cost 100 µs each: slices shrink towards 10 rows.
    for (let i = 0; i < 40; i += 1) slicer.observe(slicer.rows, slicer.rows * 0.1);
    expect(slicer.rows).toBe(10);
    // Then 5 µs each (a faster disk): slices grow towards 200 rows.
    for (let i = 0; i < 60; i += 1) slicer.observe(slicer.rows, slicer.rows * 0.005);
    expect(slicer.rows).toBeGreaterThanOrEqual(195);
    expect(slicer.rows).toBeLessThanOrEqual(200);
  });

  it('does not let one slow write (a GC pause) shrink slices to nothing', () => {
    const slicer = new WriteSlicer({ budgetMs: 1, initialRowMs: 0.02, load: () => 0 });
    slicer.observe(50, 40); // 0.8 ms a row, once
    expect(slicer.rows).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < 20; i += 1) slicer.observe(slicer.rows, slicer.rows * 0.02);
    expect(slicer.rows).toBeGreaterThanOrEqual(45);
  });

  it('stays within its bounds and ignores timings that say nothing', () => {
    const slicer = new WriteSlicer({ minRows: 8, maxRows: 1000, load: () => 0 });
    slicer.observe(100, 1000); // 10 ms a row
    slicer.observe(100, 1000);
    expect(slicer.rows).toBe(8);
    slicer.observe(0, 5);
    slicer.observe(10, Number.NaN);
    expect(slicer.rows).toBe(8);
    for (let i = 0; i < 100; i += 1) slicer.observe(1000, 0);
    expect(slicer.rows).toBe(1000);
  });
});
