import type { StreamEvent } from '../canonical/types';
import { restoreText } from './restore';
import type { RestoreEscape } from './restore';
import type { Vault } from './vault';

/** Restores one stream of text deltas (the text, or one tool call's arguments). */
export interface StreamRestorer {
  /** Restored text that can go out now; '' while the delta might end inside a placeholder. */
  push(delta: string): string;
  /** Whatever is still held back, for when this text stream ends. */
  flush(): string;
}

/**
 * A placeholder split across deltas (`…[EMA` then `IL_1]…`) is held back from its `[` until
 * it is either complete (and restored) or clearly not one of this vault's placeholders (and
 * released as written). At most the longest placeholder's length minus one is ever held.
 * Use `escape: 'json'` for tool-call argument deltas, which are JSON text.
 */
export function createStreamRestorer(vault: Vault, escape: RestoreEscape = 'none'): StreamRestorer {
  let pending = '';
  return {
    push(delta) {
      if (vault.size === 0) return delta;
      const text = pending + delta;
      const cut = holdBackFrom(text, vault);
      pending = text.slice(cut);
      return restoreText(text.slice(0, cut), vault, escape);
    },
    flush() {
      const rest = pending;
      pending = '';
      return restoreText(rest, vault, escape);
    },
  };
}

/**
 * One text restorer per index (a choice, a candidate), made on its first text and forgotten once
 * flushed: the answer text of every choice of a stream is a stream of its own.
 */
export class TextRestorers {
  private readonly restorers = new Map<number, StreamRestorer>();

  constructor(private readonly vault: Vault) {}

  /** `index`'s restored text that can go out now (see StreamRestorer.push). */
  push(index: number, delta: string): string {
    let restorer = this.restorers.get(index);
    if (!restorer) this.restorers.set(index, (restorer = createStreamRestorer(this.vault)));
    return restorer.push(delta);
  }

  /** What `index` still holds back; its text stream is done. */
  flush(index: number): string {
    const rest = this.restorers.get(index)?.flush() ?? '';
    this.restorers.delete(index);
    return rest;
  }

  /** The indexes that may still hold text back. */
  indexes(): number[] {
    return [...this.restorers.keys()];
  }
}

/** Where the held-back tail starts: the last `[` if what follows it could still become a placeholder. */
function holdBackFrom(text: string, vault: Vault): number {
  const open = text.lastIndexOf('[');
  if (open === -1 || text.length - open >= vault.maxPlaceholderLength) return text.length;
  return vault.isPartialPlaceholder(text.slice(open)) ? open : text.length;
}

/** Restores a canonical event stream (translated path) in order. */
export interface EventRestorer {
  push(event: StreamEvent): StreamEvent[];
  /** Held-back text for a stream that ended without a `finish` event. */
  end(): StreamEvent[];
}

/**
 * Text deltas go through one restorer and each tool call's argument deltas through its own.
 * Held-back text is released before any event that follows the text in the response (a tool
 * call, thinking, the finish), so the order of content is kept. Thinking is not restored.
 */
export function createEventRestorer(vault: Vault): EventRestorer {
  const text = createStreamRestorer(vault);
  const tools = new Map<number, StreamRestorer>();
  const flushText = (): StreamEvent[] => {
    const rest = text.flush();
    return rest ? [{ type: 'text', text: rest }] : [];
  };
  const flushTools = (except?: number): StreamEvent[] => {
    const events: StreamEvent[] = [];
    for (const [index, restorer] of tools) {
      if (index === except) continue;
      const rest = restorer.flush();
      if (rest) events.push({ type: 'tool-call-delta', index, argumentsDelta: rest });
    }
    return events;
  };
  return {
    push(event) {
      if (vault.size === 0) return [event];
      switch (event.type) {
        case 'text': {
          const released = text.push(event.text);
          return released ? [{ type: 'text', text: released }] : [];
        }
        case 'tool-call-start':
          // Tool calls stream one after another: a new one means the earlier ones are complete.
          return [...flushText(), ...flushTools(event.index), event];
        case 'tool-call-delta': {
          let restorer = tools.get(event.index);
          if (!restorer) tools.set(event.index, (restorer = createStreamRestorer(vault, 'json')));
          const released = restorer.push(event.argumentsDelta);
          return [...flushText(), ...(released ? [{ ...event, argumentsDelta: released }] : [])];
        }
        case 'start':
        case 'usage':
          return [event];
        default:
          return [...flushText(), ...flushTools(), event];
      }
    },
    end() {
      return [...flushText(), ...flushTools()];
    },
  };
}
