import { createHash } from 'node:crypto';

/** The fakes' token estimate: ceil(chars / 4), and at least 1 for non-empty text. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Splits text into word-sized deltas whose concatenation is the original text
 * ("echo: hi there" → ["echo:", " hi", " there"]), so clients really have to reassemble.
 */
export function splitWords(text: string): string[] {
  if (text.length === 0) return [];
  const words = text.match(/\s*\S+/g) ?? [];
  if (words.length === 0) return [text];
  const consumed = words.join('').length;
  if (consumed < text.length) words[words.length - 1] += text.slice(consumed);
  return words;
}

/** Cuts a string into `parts` roughly equal pieces, mid-token on purpose (as providers do with JSON). */
export function splitPieces(text: string, parts = 3): string[] {
  if (text.length <= 1) return [text];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** A short stable hex digest, for deterministic ids and signatures. */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * A deterministic unit vector derived from a hash of the text: equal texts give equal vectors,
 * different texts give (almost surely) different ones.
 */
export function fakeEmbedding(text: string, dimensions = 8): number[] {
  const raw: number[] = [];
  for (let block = 0; raw.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && raw.length < dimensions; offset += 4) {
      raw.push((digest.readUInt32BE(offset) / 0xffffffff) * 2 - 1);
    }
  }
  const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
  return raw.map((v) => v / norm);
}

/** OpenAI's `encoding_format: 'base64'`: little-endian float32 bytes, base64-encoded. */
export function toBase64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
