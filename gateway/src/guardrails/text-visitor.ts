import { isRecord, mapArray, mapValues } from './copy-on-write';
import type { DetectorSet } from './scanner';
import type { Vault } from './vault';

/** Counts of what was found, by detector type: `{ email: 2, card: 1 }`. Never values. */
export type Findings = Record<string, number>;

/**
 * What a request walker does with each piece of prompt text it reaches. `path` is the field's
 * dotted path in the body (`messages.2.content.0.text`), used only to point a block at a field.
 */
export interface TextVisitor {
  /** Free text: message content, tool results, embeddings input. */
  text(text: string, path: string): string;
  /** A parsed JSON value whose strings are text (Anthropic `tool_use.input`); keys are left alone. */
  json(value: unknown, path: string): unknown;
  /** JSON held in a string (OpenAI tool-call `arguments`). */
  jsonText(text: string, path: string): string;
}

/** Applies one mode to every text a walker hands it, and counts what it finds. */
export class Scrubber implements TextVisitor {
  readonly findings: Findings = {};
  /** The path of the first field with a finding. */
  firstPath: string | undefined;

  constructor(
    private readonly detectors: DetectorSet,
    private readonly mode: 'redact' | 'mask' | 'block' | 'restore',
    private readonly vault: Vault,
  ) {}

  text(text: string, path: string): string {
    if (text.length === 0) return text;
    const matches = this.detectors.find(text);
    if (matches.length === 0) return text;
    this.firstPath ??= path;
    for (const { kind } of matches) this.findings[kind.type] = (this.findings[kind.type] ?? 0) + 1;
    if (this.mode === 'block') return text;
    let out = '';
    let last = 0;
    for (const { start, end, kind } of matches) {
      const value = text.slice(start, end);
      out += text.slice(last, start) + (this.mode === 'mask' ? kind.mask(value) : this.vault.placeholderFor(kind.label, value));
      last = end;
    }
    return out + text.slice(last);
  }

  json(value: unknown, path: string): unknown {
    if (typeof value === 'string') return this.text(value, path);
    // A card or account number sent as a JSON number is replaced by a string placeholder.
    if (typeof value === 'number' && Number.isFinite(value)) {
      const digits = String(value);
      const scrubbed = this.text(digits, path);
      return scrubbed === digits ? value : scrubbed;
    }
    if (Array.isArray(value)) return mapArray(value, (item, i) => this.json(item, `${path}.${i}`));
    if (isRecord(value)) return mapValues(value, (item, key) => this.json(item, `${path}.${key}`));
    return value;
  }

  /**
   * Scrubs the JSON's string values and re-serialises only if something changed, so a number
   * never turns into `[CARD_1]` unquoted (invalid JSON). Text that does not parse (a truncated
   * or hand-written argument string) is scrubbed as plain text.
   */
  jsonText(text: string, path: string): string {
    if (text.length === 0) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.text(text, path);
    }
    const scrubbed = this.json(parsed, path);
    return scrubbed === parsed ? text : JSON.stringify(scrubbed);
  }
}

/** A first pass that only notes placeholder-shaped text the client wrote, before any is handed out. */
export class LiteralReserver implements TextVisitor {
  constructor(private readonly vault: Vault) {}

  text(text: string): string {
    this.vault.reserveLiterals(text);
    return text;
  }

  json(value: unknown): unknown {
    if (typeof value === 'string') this.vault.reserveLiterals(value);
    else if (Array.isArray(value)) for (const item of value) this.json(item);
    else if (isRecord(value)) for (const item of Object.values(value)) this.json(item);
    return value;
  }

  jsonText(text: string): string {
    return this.text(text);
  }
}
