import { isObject } from '../formats/json-object';

/**
 * A target's `params` as the members to set on `body`: an object param (Gemini's
 * `generationConfig: { temperature: 0 }`) is merged into the body's object of that name, so it
 * forces what it names and keeps the rest the caller asked for (its output limit, thinking). One
 * of another kind (`thinking: { type: disabled }` over the caller's `enabled`) replaces it.
 */
export function targetParams(params: Readonly<Record<string, unknown>>, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    const current = body[name];
    if (isObject(value) && isObject(current) && value.type === current.type) out[name] = { ...current, ...value };
  }
  return out;
}
