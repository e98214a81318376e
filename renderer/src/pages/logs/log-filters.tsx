/** The logs' filter bar. Text search waits for a pause in typing before querying. */
import { useEffect, useState } from 'react';
import { Field } from '../../components/ui/form';
import { TIME_RANGES, type LogFilters, type TimeRange } from '../../store/logs-merge';

const STATUS_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any status' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Failed' },
  { value: '400', label: '400' },
  { value: '401', label: '401' },
  { value: '429', label: '429' },
  { value: '500', label: '500' },
  { value: '502', label: '502' },
  { value: '503', label: '503' },
  { value: '504', label: '504' },
];

export interface LogFiltersProps {
  filters: LogFilters;
  routes: readonly string[];
  providers: readonly string[];
  /** Gateway keys, by id and name. */
  keys: ReadonlyArray<{ id: string; name: string }>;
  onChange(patch: Partial<LogFilters>): void;
}

export function LogFiltersBar({ filters, routes, providers, keys, onChange }: LogFiltersProps) {
  const [text, setText] = useState(filters.text);
  const [model, setModel] = useState(filters.model);
  useEffect(() => {
    if (text === filters.text && model === filters.model) return;
    const timer = setTimeout(() => onChange({ text, model }), 350);
    return () => clearTimeout(timer);
  }, [text, model, filters.text, filters.model, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter requests" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search">
        {(props) => <input {...props} className="input" type="search" placeholder="Model, alias, error, app, user or metadata" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label="Route">
        {(props) => (
          <select {...props} className="select" value={filters.route} onChange={(e) => onChange({ route: e.target.value })}>
            <option value="">All routes</option>
            {routes.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Provider">
        {(props) => (
          <select {...props} className="select" value={filters.provider} onChange={(e) => onChange({ provider: e.target.value })}>
            <option value="">All providers</option>
            {providers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Gateway key">
        {(props) => (
          <select {...props} className="select" value={filters.keyId} onChange={(e) => onChange({ keyId: e.target.value })}>
            <option value="">All keys</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Model">
        {(props) => <input {...props} className="input mono" placeholder="Exact model id" value={model} onChange={(e) => setModel(e.target.value)} />}
      </Field>
      <Field label="Status">
        {(props) => (
          <select {...props} className="select" value={filters.status} onChange={(e) => onChange({ status: e.target.value })}>
            {STATUS_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Time range">
        {(props) => (
          <select {...props} className="select" value={filters.range} onChange={(e) => onChange({ range: e.target.value as TimeRange })}>
            {Object.entries(TIME_RANGES).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </form>
  );
}
