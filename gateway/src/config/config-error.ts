import { GatewayError } from '../errors/gateway-error';

/** One problem in a config file. `path` is dotted (`routes.workhorse.targets.0.provider`); '' is the whole file. */
export interface ConfigIssue {
  path: string;
  message: string;
  /** 1-based line in the YAML text, when known. */
  line?: number;
  /** 1-based column, when known (YAML syntax errors). */
  column?: number;
}

const MAX_LISTED = 20;

function where(issue: ConfigIssue): string {
  if (issue.line === undefined) return '';
  return issue.column === undefined ? `line ${issue.line}: ` : `line ${issue.line}, column ${issue.column}: `;
}

/** `line 7: routes.x.targets.0.provider: unknown provider "antropic"` */
export function formatIssue(issue: ConfigIssue): string {
  return `${where(issue)}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/**
 * A config that cannot be used. Carries every problem found, in file order, so one edit can
 * fix them all. An invalid_request GatewayError, so the admin API renders it like any other.
 */
export class ConfigError extends GatewayError {
  readonly issues: ConfigIssue[];
  readonly source?: string;

  constructor(issues: ConfigIssue[], source?: string) {
    const sorted = [...issues].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    const lines = sorted.slice(0, MAX_LISTED).map((issue) => `  ${formatIssue(issue)}`);
    if (sorted.length > MAX_LISTED) lines.push(`  … and ${sorted.length - MAX_LISTED} more`);
    super('invalid_request', [`Invalid config${source ? ` in ${source}` : ''} (${count}):`, ...lines].join('\n'), {
      code: 'invalid_config',
      param: sorted[0]?.path || undefined,
      retryable: false,
    });
    this.name = 'ConfigError';
    this.issues = sorted;
    this.source = source;
  }

  /** The problems on one line, for a log line: `line 7: a.b: msg; line 9: c: msg (+3 more)`. */
  summary(max = 2): string {
    const shown = this.issues.slice(0, max).map(formatIssue).join('; ');
    return this.issues.length > max ? `${shown} (+${this.issues.length - max} more)` : shown;
  }
}

/** Dotted path for a zod/YAML path: `['routes', 'x', 'targets', 0]` → `routes.x.targets.0`. */
export function dottedPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}
