import { emptyUsage } from '../canonical/types';
import type { StreamEvent, Usage } from '../canonical/types';

/** Folds the usage a stream reports piecemeal (start, deltas, final chunk) into one total. */
export class UsageAccumulator {
  private readonly total: Usage = emptyUsage();
  private seen = false;

  observe(event: StreamEvent): void {
    if (event.type === 'start' && event.usage) this.merge(event.usage);
    else if (event.type === 'usage') this.merge(event.usage);
  }

  merge(partial: Partial<Usage>): void {
    for (const key of Object.keys(partial) as Array<keyof Usage>) {
      const value = partial[key];
      if (typeof value === 'number') {
        this.total[key] = value;
        this.seen = true;
      }
    }
  }

  usage(): Usage | undefined {
    return this.seen ? { ...this.total } : undefined;
  }
}
