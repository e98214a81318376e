/**
 * A packed set of unit vectors of one dimension, scanned by dot product. Layout, in one
 * buffer: the query (one padded row), the score of every row, then the rows themselves, each
 * padded with zeros to a multiple of KERNEL_WIDTH floats. Small groups live in a plain
 * ArrayBuffer and are scored in JS; from WASM_MIN_ROWS on, the buffer is a WebAssembly
 * memory scored by the SIMD kernel. Small groups stay in JS because each wasm memory reserves
 * gigabytes of address space for its guard region, and there may be many small groups (one
 * per scope × route × system prompt), each of which JS already scans in well under a millisecond.
 */
import { kernelMemory, KERNEL_WIDTH, type ScoresFn } from './simd-kernel';

/** Rows from which a group moves to wasm memory. */
export const WASM_MIN_ROWS = 1024;
const INITIAL_ROWS = 16;

export class VectorGroup {
  readonly keys: string[] = [];
  private expires = new Float64Array(INITIAL_ROWS);
  private readonly stride: number;
  private capacity = 0;
  private query = new Float32Array(0);
  private scores = new Float32Array(0);
  private rows = new Float32Array(0);
  private kernel: ScoresFn | undefined;

  constructor(
    readonly dims: number,
    /** Tests force the JS path with false. */
    private readonly useSimd = true,
  ) {
    this.stride = Math.ceil(dims / KERNEL_WIDTH) * KERNEL_WIDTH;
    this.allocate(INITIAL_ROWS);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Whether this group is scored by the wasm kernel. */
  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** Appends a unit vector of `dims` floats; returns its row. */
  push(key: string, vector: Float32Array, expiresAt: number): number {
    const row = this.claim(key, expiresAt);
    this.rows.set(vector, row * this.stride);
    return row;
  }

  /** Appends a unit vector given as the little-endian bytes of `dims` float32s (a stored blob), without an extra copy. */
  pushBytes(key: string, bytes: Uint8Array, expiresAt: number): number {
    const row = this.claim(key, expiresAt);
    new Uint8Array(this.rows.buffer, this.rows.byteOffset + row * this.stride * 4, this.dims * 4).set(bytes);
    return row;
  }

  /** Makes room for `rows` vectors in one allocation (loading a partition of known size). */
  reserve(rows: number): void {
    if (rows > this.capacity) this.allocate(rows);
  }

  private claim(key: string, expiresAt: number): number {
    const row = this.keys.length;
    if (row === this.capacity) this.allocate(this.capacity * 2);
    this.expires[row] = expiresAt;
    this.keys.push(key);
    return row;
  }

  /** Removes `row` by moving the last row into it; returns the key that moved there, if any. */
  removeAt(row: number): string | undefined {
    const last = this.keys.length - 1;
    const moved = row === last ? undefined : (this.keys[last] as string);
    if (moved !== undefined) {
      this.rows.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      this.expires[row] = this.expires[last] as number;
      this.keys[row] = moved;
    }
    this.rows.fill(0, last * this.stride, (last + 1) * this.stride);
    this.keys.pop();
    return moved;
  }

  /** The row with the highest score ≥ `threshold` among rows not expired at `now`; -1 if none. */
  best(query: Float32Array, threshold: number, now: number): { row: number; score: number } {
    const count = this.keys.length;
    this.query.set(query);
    if (this.kernel) {
      this.kernel(this.query.byteOffset, this.rows.byteOffset, count, this.stride * 4, this.scores.byteOffset);
    } else {
      for (let row = 0; row < count; row++) this.scores[row] = dot(this.query, this.rows, row * this.stride, this.stride);
    }
    let best = -1;
    let score = threshold;
    for (let row = 0; row < count; row++) {
      const value = this.scores[row] as number;
      if (value >= score && (this.expires[row] as number) > now) {
        best = row;
        score = value;
      }
    }
    return { row: best, score };
  }

  /** Lays the buffer out again for `capacity` rows, copying the rows held so far. */
  private allocate(capacity: number): void {
    const queryBytes = this.stride * 4;
    // Scores take 4 bytes a row; rounding the capacity to a multiple of 4 keeps rows 16-byte aligned.
    const rowsAt = queryBytes + Math.ceil(capacity / 4) * 16;
    const bytes = rowsAt + capacity * this.stride * 4;
    const buffer = this.simdBuffer(capacity, bytes) ?? new ArrayBuffer(bytes);
    const rows = new Float32Array(buffer, rowsAt, capacity * this.stride);
    rows.set(this.rows.subarray(0, this.keys.length * this.stride));
    this.query = new Float32Array(buffer, 0, this.stride);
    this.scores = new Float32Array(buffer, queryBytes, capacity);
    this.rows = rows;
    const expires = new Float64Array(capacity);
    expires.set(this.expires.subarray(0, this.keys.length));
    this.expires = expires;
    this.capacity = capacity;
  }

  /** A wasm memory with the kernel bound to it, for groups big enough to be worth one. */
  private simdBuffer(capacity: number, bytes: number): ArrayBuffer | undefined {
    const wasm = this.useSimd && capacity >= WASM_MIN_ROWS ? kernelMemory(bytes) : undefined;
    this.kernel = wasm?.scores;
    return wasm?.buffer;
  }
}

/** Plain-JS dot product over `length` floats of `rows` at `offset`; four accumulators help the JIT. */
function dot(query: Float32Array, rows: Float32Array, offset: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < length; i += 4) {
    s0 += (query[i] as number) * (rows[offset + i] as number);
    s1 += (query[i + 1] as number) * (rows[offset + i + 1] as number);
    s2 += (query[i + 2] as number) * (rows[offset + i + 2] as number);
    s3 += (query[i + 3] as number) * (rows[offset + i + 3] as number);
  }
  return s0 + s1 + s2 + s3;
}
