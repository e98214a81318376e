/**
 * Add a provider from a preset. The key goes from this password field to the gateway's secret
 * store (PUT /credentials/:name) and is dropped from memory as soon as it is sent.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ConfigIssueDto, ProviderPresetDto } from '../../api/contract';
import { ErrorBanner } from '../../components/ui/feedback';
import { Field } from '../../components/ui/form';
import type { NewProviderInput } from '../../store/providers-slice';
import { checkProviderForm, presetChoices, providerConfigFor, suggestName, type FormErrors } from './provider-form-model';

export interface AddProviderFormProps {
  presets: readonly ProviderPresetDto[];
  taken: readonly string[];
  backend: string;
  keyWritable: boolean;
  saving: boolean;
  error: string | null;
  issues: readonly ConfigIssueDto[];
  onSave(input: NewProviderInput): Promise<boolean>;
  onCancel(): void;
}

export function AddProviderForm({ presets, taken, backend, keyWritable, saving, error, issues, onSave, onCancel }: AddProviderFormProps) {
  const choices = useMemo(() => presetChoices(presets), [presets]);
  const [presetId, setPresetId] = useState(choices[0]?.id ?? 'openai');
  const preset = choices.find((p) => p.id === presetId) ?? (choices[0] as ProviderPresetDto);
  const [name, setName] = useState(() => suggestName(presetId, taken));
  const [baseUrl, setBaseUrl] = useState(preset.baseUrl);
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});

  const choose = (id: string) => {
    const next = choices.find((p) => p.id === id);
    if (!next) return;
    setPresetId(id);
    setName(suggestName(id, taken));
    setBaseUrl(next.baseUrl);
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // With a read-only store (env) the key is set in the gateway's environment under this name.
    const values = { presetId, name, baseUrl, hasKey: key.trim() !== '' || (!keyWritable && preset.requiresKey) };
    const found = checkProviderForm(preset, values, taken, keyWritable);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const ok = await onSave({ name: name.trim(), config: providerConfigFor(preset, values), ...(key.trim() ? { key: key.trim() } : {}) });
    setKey('');
    if (ok) onCancel();
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="add-provider-title" noValidate>
      <h2 id="add-provider-title">Add a provider</h2>
      <div className="form-grid">
        <Field label="Provider">
          {(props) => (
            <select {...props} className="select" value={presetId} onChange={(e) => choose(e.target.value)}>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" hint="How routes refer to it, e.g. provider: openai" error={errors.name}>
          {(props) => <input {...props} className="input mono" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
      </div>
      <Field label="Base URL" hint={preset.baseUrl ? 'Change it only for a proxy or a server on another machine.' : 'The API root, as the provider’s SDK calls it.'} error={errors.baseUrl}>
        {(props) => <input {...props} className="input mono" value={baseUrl} placeholder={preset.type === 'azure' ? 'https://NAME.openai.azure.com' : 'http://127.0.0.1:8080/v1'} onChange={(e) => setBaseUrl(e.target.value)} />}
      </Field>
      {keyWritable ? (
        <Field
          label={preset.requiresKey ? 'API key' : 'API key (optional)'}
          hint={`Stored in the ${backend} secret store under “${name.trim() || 'name'}”. It is never shown again, only its last four characters.`}
          error={errors.key}
        >
          {(props) => <input {...props} className="input mono" type="password" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />}
        </Field>
      ) : (
        <p className="alert alert-warn">
          The secret store is read-only here ({backend}). Set the key in the gateway’s environment, e.g. <code>SWITCHBOARD_SECRET_{(name.trim() || 'NAME').toUpperCase().replace(/[.-]/g, '_')}</code>.
        </p>
      )}
      {error ? (
        <ErrorBanner
          message={issues.length > 0 ? `${error}\n${issues.map((issue) => `• ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n')}` : error}
        />
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Add provider'}
        </button>
      </div>
    </form>
  );
}
