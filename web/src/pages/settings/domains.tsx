import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Domain } from '../../api/types';
import { CopyButton } from '../../components/copy-button';
import { FormError, TextField } from '../../components/form';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { useSession } from '../../session';
import { useAction, useApi } from '../../use-api';

/** Custom domains: add one, set its TXT record, verify it. */
export function DomainsPage() {
  const { can } = useSession();
  const domains = useApi(() => api('get', '/v1/domains'), []);
  const [hostname, setHostname] = useState('');
  const adding = useAction();
  const add = async (event: Event) => {
    event.preventDefault();
    if (await adding.run(() => api('post', '/v1/domains', { body: { hostname } }))) {
      setHostname('');
      domains.reload();
    }
  };
  return (
    <Page title="Domains">
      <SettingsNav />
      {can('domains:write') && (
        <form class="card inline-form" onSubmit={(event) => void add(event)} noValidate>
          <FormError error={adding.error} />
          <TextField
            label="Add a domain"
            placeholder="go.example.com"
            value={hostname}
            onInput={setHostname}
            error={adding.error?.fieldErrors().hostname}
          />
          <button type="submit" disabled={adding.busy || hostname === ''}>
            Add domain
          </button>
        </form>
      )}
      <ErrorNotice error={domains.error} />
      {domains.loading && !domains.data && <Loading />}
      {domains.data?.data.length === 0 && <p class="empty">No custom domains: links live on the default domain.</p>}
      <ul class="cards">
        {domains.data?.data.map((domain) => (
          <DomainCard key={domain.id} domain={domain} onChange={domains.reload} />
        ))}
      </ul>
    </Page>
  );
}

function DomainCard({ domain, onChange }: { domain: Domain; onChange(): void }) {
  const { can } = useSession();
  const action = useAction();
  const verify = async () => {
    await action.run(() => api('post', '/v1/domains/{id}/verify', { params: { id: domain.id } }));
    onChange();
  };
  const remove = async () => {
    if (!window.confirm(`Remove ${domain.hostname}?`)) return;
    if (await action.run(() => api('delete', '/v1/domains/{id}', { params: { id: domain.id } }).then(() => true))) onChange();
  };
  return (
    <li class="card">
      <h2 class="card-title">
        {domain.hostname} <span class={`badge ${domain.status}`}>{domain.status === 'verified' ? 'Verified' : 'Pending verification'}</span>
      </h2>
      <ErrorNotice error={action.error} />
      {domain.status === 'pending' && (
        <>
          <p>Create this DNS record, then verify:</p>
          <dl class="facts">
            <dt>Type</dt>
            <dd>
              <code>{domain.verification.type}</code>
            </dd>
            <dt>Name</dt>
            <dd>
              <code>{domain.verification.name}</code> <CopyButton text={domain.verification.name} label="Copy name" />
            </dd>
            <dt>Value</dt>
            <dd>
              <code>{domain.verification.value}</code> <CopyButton text={domain.verification.value} label="Copy value" />
            </dd>
          </dl>
          {domain.checkProblem && (
            <p class="field-error">
              Last check ({formatDateTime(domain.checkedAt)}): {domain.checkProblem}
            </p>
          )}
        </>
      )}
      {domain.status === 'verified' && <p class="muted">Verified {formatDateTime(domain.verifiedAt)}.</p>}
      {can('domains:write') && (
        <p class="actions">
          {domain.status === 'pending' && (
            <button type="button" onClick={() => void verify()} disabled={action.busy}>
              {action.busy ? 'Checking…' : 'Verify now'}
            </button>
          )}
          <button type="button" class="danger" onClick={() => void remove()} disabled={action.busy}>
            Remove
          </button>
        </p>
      )}
    </li>
  );
}
