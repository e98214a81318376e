import { isObject } from '../json-object';

/**
 * What Azure's content filter refused, as a phrase for the error message ("hate (medium),
 * jailbreak"), from the per-category results Azure puts in a refused prompt's error body
 * (`innererror.content_filter_result`, `content_filter_results` in some API versions). Azure's own
 * message names no category, so without this a caller cannot tell a jailbreak verdict from a hate
 * one, or know what to change. Undefined when the body carries no filtered category.
 */
export function filteredCategories(error: Readonly<Record<string, unknown>>): string | undefined {
  const inner = isObject(error.innererror) ? error.innererror : undefined;
  const results = inner?.content_filter_result ?? inner?.content_filter_results ?? error.content_filter_results;
  if (!isObject(results)) return undefined;
  const named: string[] = [];
  for (const [category, verdict] of Object.entries(results)) {
    if (!isObject(verdict) || verdict.filtered !== true) continue;
    named.push(`${category}${verdictDetail(verdict)}`);
  }
  return named.length === 0 ? undefined : named.join(', ');
}

/** " (medium)" for a severity, " (list-a, list-b)" for the custom blocklists that matched, else nothing. */
function verdictDetail(verdict: Readonly<Record<string, unknown>>): string {
  if (typeof verdict.severity === 'string' && verdict.severity !== 'safe') return ` (${verdict.severity})`;
  if (Array.isArray(verdict.details)) {
    const ids = verdict.details.filter((d) => isObject(d) && d.filtered === true && typeof d.id === 'string').map((d) => (d as { id: string }).id);
    if (ids.length > 0) return ` (${ids.join(', ')})`;
  }
  return '';
}
