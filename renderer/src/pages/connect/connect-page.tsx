/** Connect: copy-paste setup for local tools with the gateway's real URL, a key and a route. */
import { useEffect, useState } from 'react';
import type { PageProps } from '../../App';
import { CopyButton } from '../../components/ui/copy-button';
import { Field } from '../../components/ui/form';
import { Card, PageHeader } from '../../components/ui/page-header';
import { Tabs } from '../../components/ui/tabs';
import { hrefFor } from '../../router/hash-route';
import { useAppStore } from '../../store';
import { buildSnippets, KEY_PLACEHOLDER } from './snippets';

export function ConnectPage(_props: PageProps) {
  const gatewayUrl = useAppStore((s) => s.connection.gatewayUrl) ?? '';
  const sessionKey = useAppStore((s) => s.keys.sessionPlaintext);
  const routes = useAppStore((s) => s.routes.items);
  const loadRoutes = useAppStore((s) => s.routes.load);
  const [key, setKey] = useState(sessionKey ?? '');
  const [model, setModel] = useState('');
  const [tab, setTab] = useState('openai-python');
  // A wildcard route (`claude-*`) is no name to ask for: it takes the names it matches.
  const routeNames = Object.keys(routes)
    .filter((name) => !name.includes('*'))
    .sort();

  useEffect(() => {
    void loadRoutes();
  }, [loadRoutes]);
  const firstRoute = routeNames[0];
  useEffect(() => {
    if (!model && firstRoute) setModel(firstRoute);
  }, [model, firstRoute]);

  const snippets = buildSnippets({ baseUrl: gatewayUrl, key, model });
  const current = snippets.find((s) => s.id === tab) ?? snippets[0];

  return (
    <div className="page">
      <PageHeader title="Connect" description="Point your tools at the gateway. Each snippet below has the real address filled in; add a gateway key and pick a route." />
      <Card title="Your setup">
        <div className="connect-setup">
          <div className="form-grid">
            <div className="field connect-url">
              <span className="field-label" id="gateway-url-label">
                Gateway URL
              </span>
              <div className="secret-box" aria-labelledby="gateway-url-label">
                <code>{gatewayUrl}</code>
                <CopyButton text={gatewayUrl} label="Copy URL" />
              </div>
            </div>
            <Field
              label="Gateway key"
              hint={
                sessionKey ? (
                  'The key you just created is filled in. It stays in this window only.'
                ) : (
                  <>
                    Paste one of your keys, or <a href={hrefFor('keys')}>create one</a>.
                  </>
                )
              }
            >
              {(props) => <input {...props} className="input mono" autoComplete="off" spellCheck={false} placeholder={KEY_PLACEHOLDER} value={key} onChange={(e) => setKey(e.target.value)} />}
            </Field>
            <Field label="Model (route)" hint="Any route name (or a name a wildcard route such as claude-* takes), or provider/model to skip routing.">
              {(props) => (
                <>
                  <input {...props} className="input mono" list="connect-routes" value={model} placeholder="workhorse" onChange={(e) => setModel(e.target.value)} />
                  <datalist id="connect-routes">
                    {routeNames.map((name) => (
                      <option key={name} value={name} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
        </div>
      </Card>
      <Card>
        <Tabs label="Tools" tabs={snippets.map((s) => ({ id: s.id, label: s.label }))} selected={current?.id ?? tab} onSelect={setTab}>
          {current ? (
            <div className="stack" style={{ paddingTop: 6 }}>
              <p>{current.intro}</p>
              <div className="code-block">
                <pre aria-label={`${current.label} snippet`}>
                  <code>{current.code}</code>
                </pre>
                <span className="copy">
                  <CopyButton text={current.code} />
                </span>
              </div>
              {current.note ? (
                <p className="alert alert-info">
                  <span className="alert-body">{current.note}</span>
                </p>
              ) : null}
            </div>
          ) : null}
        </Tabs>
      </Card>
    </div>
  );
}
