/** Narrowing helpers for request bodies, which arrive as `unknown`. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `body[key]` when body is an object. */
export function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
}
