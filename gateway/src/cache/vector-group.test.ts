import { describe, expect, it } from 'vitest';
import { normalised } from './semantic';
import { simdAvailable } from './simd-kernel';
import { VectorGroup, WASM_MIN_ROWS } from './vector-group';

/** Deterministic pseudo-random unit vectors. */
function vectors(count: number, dims: number, seed = 1): Float32Array[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
  return Array.from({ length: count }, () => normalised(Array.from({ length: dims }, next)) as Float32Array);
}

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

describe('VectorGroup', () => {
  it('the WebAssembly SIMD kernel is available on this Node', () => {
    expect(simdAvailable()).toBe(true);
  });

  it.each([
    ['plain JS', false],
    ['SIMD', true],
  ])('finds the best row exactly as a plain dot product would (%s, odd dimension)', (_name, simd) => {
    const dims = 37; // not a multiple of the kernel width: padding must not change scores
    const rows = vectors(WASM_MIN_ROWS + 5, dims);
    const group = new VectorGroup(dims, simd);
    rows.forEach((row, i) => group.push(`k${i}`, row, Number.MAX_SAFE_INTEGER));
    expect(group.simd).toBe(simd);
    for (const query of vectors(20, dims, 99)) {
      const scores = rows.map((row) => dot(query, row));
      const expected = scores.indexOf(Math.max(...scores));
      const { row, score } = group.best(query, -1, 0);
      expect(row).toBe(expected);
      expect(score).toBeCloseTo(scores[expected] as number, 5);
    }
  });

  it('finds a stored vector again with similarity 1 and honours the threshold', () => {
    const rows = vectors(50, 768);
    const group = new VectorGroup(768);
    rows.forEach((row, i) => group.push(`k${i}`, row, Number.MAX_SAFE_INTEGER));
    const { row, score } = group.best(rows[17] as Float32Array, 0.99, 0);
    expect(group.keys[row]).toBe('k17');
    expect(score).toBeCloseTo(1, 5);
    expect(group.best(vectors(1, 768, 5)[0] as Float32Array, 0.9, 0).row).toBe(-1);
  });

  it('skips expired rows', () => {
    const [a, b] = vectors(2, 16);
    const group = new VectorGroup(16);
    group.push('a', a as Float32Array, 100);
    group.push('b', b as Float32Array, 1000);
    expect(group.best(a as Float32Array, 0.99, 50).row).toBe(0);
    expect(group.best(a as Float32Array, 0.99, 100).row).toBe(-1);
  });

  it('removes a row by moving the last one into its place', () => {
    const rows = vectors(3, 16);
    const group = new VectorGroup(16);
    rows.forEach((row, i) => group.push(`k${i}`, row, Number.MAX_SAFE_INTEGER));
    expect(group.removeAt(0)).toBe('k2');
    expect(group.keys).toEqual(['k2', 'k1']);
    expect(group.best(rows[2] as Float32Array, 0.99, 0).row).toBe(0);
    expect(group.best(rows[0] as Float32Array, 0.99, 0).row).toBe(-1);
    expect(group.removeAt(1)).toBeUndefined();
    expect(group.size).toBe(1);
  });

  it('loads stored float32 bytes the same as floats', () => {
    const [v] = vectors(1, 24);
    const group = new VectorGroup(24);
    const bytes = Buffer.concat([Buffer.alloc(1), Buffer.from((v as Float32Array).buffer)]).subarray(1); // unaligned, as SQLite may hand it over
    group.pushBytes('b', bytes, Number.MAX_SAFE_INTEGER);
    expect(group.best(v as Float32Array, 0.999, 0)).toEqual({ row: 0, score: expect.closeTo(1, 5) });
  });
});
