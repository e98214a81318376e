/** `[EMAIL_1]`, `[EMPLOYEE_ID_12]`: what a placeholder looks like, and all it can look like. */
export const PLACEHOLDER = /\[([A-Z][A-Z0-9_]*)_(\d+)\]/g;

/** Shorter tails of a value are too common to mean anything (`ali` of `alice@…`). */
const MIN_CUT_VALUE = 4;

/**
 * One request's placeholders and the values they stand for. Lives only in memory for the
 * request's lifetime; it is the one place the real values are kept, so it is never logged,
 * cached or serialised.
 */
export class Vault {
  private readonly originals = new Map<string, string>();
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly reserved = new Set<string>();
  private longest = 0;
  private prefixes: Set<string> | undefined;

  /** How many placeholders stand for values. */
  get size(): number {
    return this.originals.size;
  }

  /** Length of the longest placeholder handed out; a stream restorer never holds back more. */
  get maxPlaceholderLength(): number {
    return this.longest;
  }

  /**
   * The placeholder for `value`, the same one each time the value recurs in the request.
   * Numbers count per label in order of first appearance, which keeps a conversation's
   * placeholders stable from turn to turn (and the provider's prompt cache warm).
   */
  placeholderFor(label: string, value: string): string {
    const key = `${label}\u0000${value}`;
    const known = this.byValue.get(key);
    if (known) return known;
    let n = this.counters.get(label) ?? 0;
    let placeholder: string;
    do placeholder = `[${label}_${++n}]`;
    while (this.reserved.has(placeholder));
    this.counters.set(label, n);
    this.byValue.set(key, placeholder);
    this.originals.set(placeholder, value);
    this.longest = Math.max(this.longest, placeholder.length);
    this.prefixes = undefined;
    return placeholder;
  }

  /**
   * Marks placeholder-shaped text the client itself wrote (`[EMAIL_1]` in a template) as
   * taken, so no real value is given that name and restoring never rewrites the client's text.
   */
  reserveLiterals(text: string): void {
    if (!text.includes('[')) return;
    for (const match of text.matchAll(PLACEHOLDER)) this.reserved.add(match[0]);
  }

  /** The value a placeholder stands for; undefined for anything this vault did not hand out. */
  original(placeholder: string): string | undefined {
    return this.originals.get(placeholder);
  }

  /**
   * `text` with every value this vault stands for put back behind its placeholder: for what
   * the gateway keeps (a logged answer) after the caller got the real values back. Values are
   * found as written and as escaped inside JSON strings, once or twice (see escapedForms); a
   * value cut off at the end of `text` (a log capped mid-value) is hidden too.
   */
  conceal(text: string): string {
    if (this.originals.size === 0) return text;
    const forms: Array<[placeholder: string, form: string]> = [];
    for (const [placeholder, value] of this.originals) for (const form of escapedForms(value)) forms.push([placeholder, form]);
    forms.sort((a, b) => b[1].length - a[1].length);
    let out = text;
    for (const [placeholder, form] of forms) out = out.replaceAll(form, placeholder);
    for (const [placeholder, form] of forms) {
      for (let cut = form.length - 1; cut >= MIN_CUT_VALUE; cut -= 1) {
        if (out.endsWith(form.slice(0, cut))) return out.slice(0, out.length - cut) + placeholder;
      }
    }
    return out;
  }

  /** Whether `text` is the beginning, but not the whole, of some placeholder. */
  isPartialPlaceholder(text: string): boolean {
    if (!this.prefixes) {
      this.prefixes = new Set();
      for (const placeholder of this.originals.keys()) {
        for (let end = 1; end < placeholder.length; end += 1) this.prefixes.add(placeholder.slice(0, end));
      }
    }
    return this.prefixes.has(text);
  }
}

/**
 * A value as written, as escaped in a JSON string, and as escaped twice: JSON inside a JSON
 * string, like tool-call arguments in a logged answer.
 */
function escapedForms(value: string): string[] {
  const forms = [value];
  for (let level = 0; level < 2; level += 1) {
    const escaped = JSON.stringify(forms[forms.length - 1]).slice(1, -1);
    if (escaped === forms[forms.length - 1]) break;
    forms.push(escaped);
  }
  return forms;
}
