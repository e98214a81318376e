/** `?a=1&b=x` from the defined, non-empty values of `params` (empty string when there are none). */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One path segment, escaped (names may hold ":" or "@"; ids are opaque). */
export const segment = (value: string): string => encodeURIComponent(value);
