/** A data-only SSE frame (OpenAI, Gemini). Gemini terminates lines with CRLF, so `eol` is a parameter. */
export function sseData(data: unknown, eol = '\n'): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `data: ${payload}${eol}${eol}`;
}

/** A named SSE event (Anthropic): `event: X\ndata: {...}\n\n`. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
