import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { SCOPES } from '../../api/enums';
import type { Scope } from '../../api/types';
import { CheckboxGroup, FormError, TextField } from '../../components/form';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { ShownOnce } from '../../components/shown-once';
import { formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { useSession } from '../../session';
import { useAction, useApi } from '../../use-api';

/** API keys: create one with scopes (its secret shown once), revoke. A key can hold only scopes its creator holds. */
export function ApiKeysPage() {
  const { can } = useSession();
  const keys = useApi(() => api('get', '/v1/api-keys'), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['links:read']);
  const [created, setCreated] = useState<string | undefined>();
  const creating = useAction();
  const revoking = useAction();
  const fields = creating.error?.fieldErrors() ?? {};
  const create = async (event: Event) => {
    event.preventDefault();
    const key = await creating.run(() => api('post', '/v1/api-keys', { body: { name, scopes } }));
    if (!key) return;
    setCreated(key.key);
    setName('');
    keys.reload();
  };
  const revoke = async (id: string, keyName: string) => {
    if (!window.confirm(`Revoke the key "${keyName}"? Whatever uses it stops working at once.`)) return;
    if (await revoking.run(() => api('delete', '/v1/api-keys/{id}', { params: { id } }).then(() => true))) keys.reload();
  };
  return (
    <Page title="API keys">
      <SettingsNav />
      {created && <ShownOnce label="The new API key" value={created} onDone={() => setCreated(undefined)} />}
      <form class="card" onSubmit={(event) => void create(event)} noValidate>
        <h2>Create a key</h2>
        <FormError error={creating.error} />
        <TextField label="Name" required value={name} onInput={setName} error={fields.name} placeholder="CI deploys" />
        <CheckboxGroup
          legend="Scopes"
          values={SCOPES}
          selected={scopes}
          onChange={setScopes}
          error={fields.scopes}
          disabledValues={SCOPES.filter((scope) => !can(scope))}
        />
        <button type="submit" disabled={creating.busy}>
          Create key
        </button>
      </form>
      <ErrorNotice error={keys.error ?? revoking.error} />
      {keys.loading && !keys.data && <Loading />}
      {keys.data && (
        <div class="table-wrap">
          <table>
            <caption>Keys of this workspace</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.data.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  {/* null: the workspace's bootstrap key, or one made with a key. */}
                  <td>{key.createdBy?.email ?? 'an API key'}</td>
                  <td>
                    <button type="button" class="danger small" onClick={() => void revoke(key.id, key.name)} disabled={revoking.busy}>
                      Revoke <span class="visually-hidden">{key.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
