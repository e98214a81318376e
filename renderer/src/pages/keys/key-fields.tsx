/** The fields shared by "create key" and "edit limits". */
import { Field } from '../../components/ui/form';
import type { KeyFormErrors, KeyFormValues } from './key-form-model';

export function KeyFields({ values, errors, routes, onChange, showExpiry }: { values: KeyFormValues; errors: KeyFormErrors; routes: readonly string[]; onChange(patch: Partial<KeyFormValues>): void; showExpiry: boolean }) {
  const input = (field: 'name' | 'user' | 'team' | 'rpm' | 'tpm' | 'concurrent' | 'hourlyUsd' | 'dailyUsd' | 'monthlyUsd', label: string, hint?: string, placeholder?: string) => (
    <Field label={label} hint={hint} error={errors[field]}>
      {(props) => <input {...props} className="input" value={values[field]} placeholder={placeholder} inputMode={['name', 'user', 'team'].includes(field) ? undefined : 'decimal'} onChange={(e) => onChange({ [field]: e.target.value })} />}
    </Field>
  );
  return (
    <>
      <div className="form-grid">
        {input('name', 'Name', 'Who or what uses this key.', 'e.g. laptop')}
        {input('user', 'User (optional)', 'For per-user limits and spend.')}
        {input('team', 'Team (optional)')}
        {showExpiry ? (
          <Field label="Expires">
            {(props) => (
              <select {...props} className="select" value={values.expiresInDays} onChange={(e) => onChange({ expiresInDays: e.target.value })}>
                <option value="">Never</option>
                <option value="7">In 7 days</option>
                <option value="30">In 30 days</option>
                <option value="90">In 90 days</option>
                <option value="365">In a year</option>
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <fieldset>
        <legend>Limits</legend>
        <div className="form-grid">
          {input('rpm', 'Requests / minute', undefined, 'unlimited')}
          {input('tpm', 'Tokens / minute', undefined, 'unlimited')}
          {input('concurrent', 'Concurrent requests', undefined, 'unlimited')}
          {input('hourlyUsd', 'Budget per hour (USD)', 'Stops a runaway agent within the hour', 'none')}
          {input('dailyUsd', 'Budget per day (USD)', undefined, 'none')}
          {input('monthlyUsd', 'Budget per month (USD)', undefined, 'none')}
        </div>
      </fieldset>
      {routes.length > 0 ? (
        <fieldset>
          <legend>Allowed routes</legend>
          <p className="field-hint" style={{ marginBottom: 6 }}>
            None ticked: every route.
          </p>
          <div className="row" style={{ gap: 14 }}>
            {routes.map((route) => (
              <label key={route} className="checkbox">
                <input
                  type="checkbox"
                  checked={values.allowedRoutes.includes(route)}
                  onChange={(e) => onChange({ allowedRoutes: e.target.checked ? [...values.allowedRoutes, route] : values.allowedRoutes.filter((r) => r !== route) })}
                />
                <span className="mono">{route}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}
