/**
 * The model each target whose own name has no price last answered as (`served_models`,
 * migration 012), kept across restarts: pricing/served-prices.ts prices such a target by it, so
 * budgets reserve what its calls will cost from the first call after a start, not only after
 * its first answer. Written only when a target answers as another model than before, so almost
 * never; a failed write is reported and changes nothing else.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './database';

export class ServedModels {
  private readonly known = new Map<string, string>();
  private readonly upsert: Database.Statement<[string, string, number]>;

  constructor(
    db: SqliteDatabase,
    private readonly warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
  ) {
    this.upsert = db.prepare('INSERT OR REPLACE INTO served_models (target, model, updated_at) VALUES (?, ?, ?)');
    for (const row of db.prepare<[], { target: string; model: string }>('SELECT target, model FROM served_models').all()) this.known.set(row.target, row.model);
  }

  /** Target (`provider/model`) → the model it last answered as. */
  all(): ReadonlyMap<string, string> {
    return this.known;
  }

  /** Notes that `target` answered as `model`. */
  save(target: string, model: string): void {
    if (this.known.get(target) === model) return;
    this.known.set(target, model);
    try {
      this.upsert.run(target, model, Date.now());
    } catch (error) {
      this.warn(`switchboard store: could not note that ${target} answered as ${model}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
