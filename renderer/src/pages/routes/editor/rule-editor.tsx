/** One conditional rule: its tests (field, operator, value) and where a match goes. */
import { Field } from '../../../components/ui/form';
import { Icon } from '../../../components/ui/icons';
import { FIELD_LABELS, newTest, OP_LABELS, opsFor } from '../model/conditions';
import { moveRuleBy, removeRule, updateRule } from '../model/ops';
import { CONDITION_FIELDS, type ConditionField, type ConditionTest, type RuleModel } from '../model/types';
import { fieldError, useEditor } from './editor-context';

function TestRow({ rule, test, index }: { rule: RuleModel; test: ConditionTest; index: number }) {
  const { issues, edit } = useEditor();
  const error = fieldError(issues, rule.id, `test:${test.id}`);
  const errorId = `${test.id}-error`;
  const change = (patch: Partial<ConditionTest>) => edit((m) => updateRule(m, rule.id, (r) => ({ ...r, tests: r.tests.map((t) => (t.id === test.id ? { ...t, ...patch } : t)) })));
  const setField = (field: ConditionField) => {
    const fresh = newTest(field);
    change({ field, op: opsFor(field).includes(test.op) ? test.op : fresh.op, value: field === 'hasTools' || field === 'hasImages' ? 'true' : test.value });
  };
  const described = error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
  const n = index + 1;
  return (
    <div className="test-row" role="group" aria-label={`Condition ${n}`}>
      <div className="test-subject">
        <select className="select" aria-label={`Condition ${n}: what to test`} value={test.field} onChange={(e) => setField(e.target.value as ConditionField)}>
          {CONDITION_FIELDS.map((field) => (
            <option key={field} value={field}>
              {FIELD_LABELS[field]}
            </option>
          ))}
        </select>
        {test.field === 'metadata' ? <input className="input mono" aria-label={`Condition ${n}: metadata field name`} placeholder="field, e.g. tier" value={test.metaKey} onChange={(e) => change({ metaKey: e.target.value })} /> : null}
      </div>
      <button type="button" className="btn btn-ghost btn-icon" aria-label={`Remove condition ${n}`} onClick={() => edit((m) => updateRule(m, rule.id, (r) => ({ ...r, tests: r.tests.filter((t) => t.id !== test.id) })))}>
        <Icon name="close" size={14} />
      </button>
      <select className="select test-op" aria-label={`Condition ${n}: operator`} value={test.op} onChange={(e) => change({ op: e.target.value as ConditionTest['op'] })}>
        {opsFor(test.field).map((op) => (
          <option key={op} value={op}>
            {OP_LABELS[op]}
          </option>
        ))}
      </select>
      {test.op === 'is' ? (
        <select className="select test-value" aria-label={`Condition ${n}: value`} value={test.value} onChange={(e) => change({ value: e.target.value })} {...described}>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      ) : (
        <input
          className={`input test-value${test.op.startsWith('matches') ? ' mono' : ''}`}
          aria-label={`Condition ${n}: value`}
          placeholder={test.op === 'in' ? 'a, b, c' : test.op.startsWith('matches') ? 'regular expression' : 'value'}
          inputMode={['gt', 'gte', 'lt', 'lte'].includes(test.op) ? 'numeric' : undefined}
          value={test.value}
          onChange={(e) => change({ value: e.target.value })}
          {...described}
        />
      )}
      {error ? (
        <span id={errorId} className="field-error test-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function RuleEditor({ rule, index, count }: { rule: RuleModel; index: number; count: number }) {
  const { issues, providers, otherRoutes, edit, select } = useEditor();
  const invalid = issues.some((issue) => issue.nodeId === rule.id);
  const testsError = fieldError(issues, rule.id, 'tests');
  const thenError = fieldError(issues, rule.id, 'then');
  const update = (change: (r: RuleModel) => RuleModel) => edit((m) => updateRule(m, rule.id, change));
  const n = index + 1;

  return (
    <section className="rule-card" data-invalid={invalid} aria-label={`Rule ${n}`}>
      <div className="row-between">
        <strong>Rule {n}</strong>
        <span className="row" style={{ gap: 2 }}>
          <button type="button" className="btn btn-ghost btn-icon" aria-label={`Move rule ${n} up`} disabled={index === 0} onClick={() => edit((m) => moveRuleBy(m, rule.id, -1))}>
            <Icon name="up" size={14} />
          </button>
          <button type="button" className="btn btn-ghost btn-icon" aria-label={`Move rule ${n} down`} disabled={index === count - 1} onClick={() => edit((m) => moveRuleBy(m, rule.id, 1))}>
            <Icon name="down" size={14} />
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-icon"
            aria-label={`Remove rule ${n}`}
            onClick={() => {
              edit((m) => removeRule(m, rule.id));
              select(null);
            }}
          >
            <Icon name="trash" size={14} />
          </button>
        </span>
      </div>
      <span className="field-label">When all of these hold</span>
      {rule.raw !== null ? (
        <div className="stack">
          <pre className="body-view">{JSON.stringify(rule.raw, null, 2)}</pre>
          <p className="field-hint">This condition uses and/or/not; edit it in the config file, or replace it with simple conditions.</p>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => update((r) => ({ ...r, raw: null, tests: [newTest()] }))}>
            Replace with simple conditions
          </button>
        </div>
      ) : (
        <>
          {rule.tests.map((test, i) => (
            <TestRow key={test.id} rule={rule} test={test} index={i} />
          ))}
          {testsError ? <span className="field-error">{testsError}</span> : null}
          <div>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => update((r) => ({ ...r, tests: [...r.tests, newTest()] }))}>
              <Icon name="plus" /> Condition
            </button>
          </div>
        </>
      )}
      <Field label="Then send to" error={thenError}>
        {(props) => (
          <div className="stack" style={{ gap: 6 }}>
            <select
              {...props}
              className="select"
              value={rule.then.kind === 'route' ? `route:${rule.then.route}` : '__target__'}
              onChange={(e) => {
                const value = e.target.value;
                update((r) => ({ ...r, then: value === '__target__' ? { kind: 'target', provider: '', model: '', extras: {} } : { kind: 'route', route: value.slice('route:'.length) } }));
              }}
            >
              <option value="route:">Choose a route…</option>
              {rule.then.kind === 'route' && rule.then.route && !otherRoutes.includes(rule.then.route) ? <option value={`route:${rule.then.route}`}>Route: {rule.then.route} (unknown)</option> : null}
              {otherRoutes.map((name) => (
                <option key={name} value={`route:${name}`}>
                  Route: {name}
                </option>
              ))}
              <option value="__target__">A provider model…</option>
            </select>
            {rule.then.kind === 'target' ? (
              <div className="form-grid">
                <select className="select" aria-label={`Rule ${n}: provider`} value={rule.then.provider} onChange={(e) => update((r) => (r.then.kind === 'target' ? { ...r, then: { ...r.then, provider: e.target.value } } : r))}>
                  <option value="">Provider…</option>
                  {providers.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}
                    </option>
                  ))}
                </select>
                <input className="input mono" aria-label={`Rule ${n}: model`} placeholder="model id" value={rule.then.model} onChange={(e) => update((r) => (r.then.kind === 'target' ? { ...r, then: { ...r.then, model: e.target.value } } : r))} />
              </div>
            ) : null}
          </div>
        )}
      </Field>
    </section>
  );
}
