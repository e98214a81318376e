/** Model servers running on the gateway's machine that no provider points at yet, each added with one click. */
import type { LocalServerDto, ProviderDto, ProviderPresetDto } from '../../api/contract';
import { Icon } from '../../components/ui/icons';
import { Card } from '../../components/ui/page-header';
import type { NewProviderInput } from '../../store/providers-slice';
import { suggestName } from './provider-form-model';

export interface LocalServersCardProps {
  servers: readonly LocalServerDto[];
  presets: readonly ProviderPresetDto[];
  /** The configured providers: their names are taken, and one at a server's address has added it. */
  providers: readonly ProviderDto[];
  saving: boolean;
  onAdd(input: NewProviderInput): void;
}

export function LocalServersCard({ servers, presets, providers, saving, onAdd }: LocalServersCardProps) {
  // Also against the providers as they are now: one added since the look has taken its server.
  const pointedAt = new Set(providers.map((provider) => trimSlash(provider.baseUrl)));
  const unadded = servers.filter((server) => server.provider === null && !pointedAt.has(trimSlash(server.baseUrl)));
  const taken = providers.map((provider) => provider.name);
  if (unadded.length === 0) return null;
  return (
    <Card title="Running on this machine" description="Model servers that answered at their usual address. Add one to route to its models; local servers need no key.">
      <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Local model servers">
        {unadded.map((server) => (
          <li key={server.baseUrl} className="row-between">
            <div className="stack" style={{ gap: 2 }}>
              <strong>{server.label}</strong>
              <span className="muted provider-sub">
                <span className="mono">{server.baseUrl}</span> · {modelsLine(server)}
              </span>
            </div>
            <button type="button" className="btn btn-secondary btn-sm" disabled={saving} onClick={() => onAdd(localProvider(server, presets, taken))}>
              <Icon name="plus" /> Add {server.label}
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The provider entry for a found server: its preset, and its address only when not the preset's own. */
export function localProvider(server: LocalServerDto, presets: readonly ProviderPresetDto[], taken: readonly string[]): NewProviderInput {
  const own = presets.find((preset) => preset.id === server.preset)?.baseUrl;
  const baseUrl = trimSlash(server.baseUrl);
  return { name: suggestName(server.preset, taken), config: { type: 'openai-compatible', preset: server.preset, ...(own !== undefined && trimSlash(own) === baseUrl ? {} : { baseUrl }) } };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

const SHOWN = 3;

/** "2 models: a, b", "60 models: a, b, c and 57 more", or that it has none yet. */
export function modelsLine(server: LocalServerDto): string {
  if (server.modelCount === 0) return 'no models yet';
  const names = server.models.slice(0, SHOWN).join(', ');
  const more = server.modelCount - Math.min(SHOWN, server.models.length);
  return `${server.modelCount} ${server.modelCount === 1 ? 'model' : 'models'}: ${names}${more > 0 ? ` and ${more} more` : ''}`;
}
