/** Inspector for one target: a provider model or a reference to another route. */
import { Field } from '../../../components/ui/form';
import { Icon } from '../../../components/ui/icons';
import { moveTargetBy, removeTarget, updateTarget } from '../model/ops';
import type { ProviderTargetModel, RouteRefModel, Strategy } from '../model/types';
import { fieldError, modelSuggestions, nodeMessages, useEditor } from './editor-context';
import { BackButton } from './strategy-inspector';

export function TargetInspector({ target, parentId, parentStrategy, index, count }: { target: ProviderTargetModel | RouteRefModel; parentId: string; parentStrategy: Strategy; index: number; count: number }) {
  const { issues, providers, presets, otherRoutes, edit, select } = useEditor();
  const error = (field: string) => fieldError(issues, target.id, field);
  const showWeight = parentStrategy === 'loadbalance' || target.weight.trim() !== '';
  const title = target.kind === 'provider' ? `${target.provider || 'provider'}/${target.model || 'model'}` : `→ ${target.route || 'route'}`;
  const extra = nodeMessages(issues, target.id, ['provider', 'model', 'weight', 'timeout', 'route']);
  const listId = `models-${target.id}`;

  return (
    <section className="card inspector" aria-labelledby={`inspect-${target.id}`}>
      <BackButton to={parentId} />
      <h3 id={`inspect-${target.id}`}>
        {target.kind === 'provider' ? 'Provider model' : 'Route reference'}
        <span className="badge">
          #{index + 1} of {count}
        </span>
      </h3>
      <p className="muted mono">{title}</p>
      {extra.map((message) => (
        <p key={message} className="field-error">
          {message}
        </p>
      ))}
      {target.kind === 'provider' ? (
        <>
          <Field label="Provider" error={error('provider')}>
            {(props) => (
              <select {...props} className="select" value={target.provider} onChange={(e) => edit((m) => updateTarget(m, target.id, { provider: e.target.value }))}>
                <option value="">Choose a provider…</option>
                {target.provider && !providers.some((p) => p.name === target.provider) ? <option value={target.provider}>{target.provider} (not defined)</option> : null}
                {providers.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Model" hint="The provider’s model id (for Azure, the deployment name)." error={error('model')}>
            {(props) => (
              <>
                <input {...props} className="input mono" list={listId} value={target.model} spellCheck={false} onChange={(e) => edit((m) => updateTarget(m, target.id, { model: e.target.value }))} />
                <datalist id={listId}>
                  {modelSuggestions(target.provider, providers, presets).map((model) => (
                    <option key={model} value={model} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Timeout per attempt" hint="Milliseconds or a duration like 15s. Empty: the route’s." error={error('timeout')}>
            {(props) => <input {...props} className="input" value={target.timeout} placeholder="e.g. 15s" onChange={(e) => edit((m) => updateTarget(m, target.id, { timeout: e.target.value }))} />}
          </Field>
        </>
      ) : (
        <Field label="Route" hint="Requests continue through that route’s own targets." error={error('route')}>
          {(props) => (
            <select {...props} className="select" value={target.route} onChange={(e) => edit((m) => updateTarget(m, target.id, { route: e.target.value }))}>
              <option value="">Choose a route…</option>
              {target.route && !otherRoutes.includes(target.route) ? <option value={target.route}>{target.route}</option> : null}
              {otherRoutes.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {showWeight ? (
        <Field label="Weight" hint="Share of traffic relative to the other targets (default 1)." error={error('weight')}>
          {(props) => <input {...props} className="input" inputMode="decimal" value={target.weight} placeholder="1" onChange={(e) => edit((m) => updateTarget(m, target.id, { weight: e.target.value }))} />}
        </Field>
      ) : null}
      <div className="row">
        <button type="button" className="btn btn-secondary btn-sm" disabled={index === 0} onClick={() => edit((m) => moveTargetBy(m, target.id, -1))}>
          <Icon name="up" /> Move up
        </button>
        <button type="button" className="btn btn-secondary btn-sm" disabled={index === count - 1} onClick={() => edit((m) => moveTargetBy(m, target.id, 1))}>
          <Icon name="down" /> Move down
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-danger-ghost btn-sm"
          onClick={() => {
            edit((m) => removeTarget(m, target.id));
            select(parentId);
          }}
        >
          <Icon name="trash" /> Remove
        </button>
      </div>
    </section>
  );
}
