import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { WEBHOOK_EVENTS } from '../../api/enums';
import type { WebhookEvent } from '../../api/types';
import { CheckboxGroup, FormError, TextField } from '../../components/form';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { ShownOnce } from '../../components/shown-once';
import { SettingsNav } from '../../layout';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useAction, useApi } from '../../use-api';

/** Webhooks: create one for chosen events (its signing secret shown once); each opens to its delivery log. */
export function WebhooksPage() {
  const { can } = useSession();
  const hooks = useApi(() => api('get', '/v1/webhooks'), []);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['link.created']);
  const [secret, setSecret] = useState<string | undefined>();
  const creating = useAction();
  const fields = creating.error?.fieldErrors() ?? {};
  const create = async (event: Event) => {
    event.preventDefault();
    const hook = await creating.run(() => api('post', '/v1/webhooks', { body: { url, events, ...(description ? { description } : {}) } }));
    if (!hook) return;
    setSecret(hook.secret);
    setUrl('');
    setDescription('');
    hooks.reload();
  };
  return (
    <Page title="Webhooks">
      <SettingsNav />
      {secret && <ShownOnce label="The webhook's signing secret" value={secret} onDone={() => setSecret(undefined)} />}
      {can('webhooks:write') && (
        <form class="card" onSubmit={(event) => void create(event)} noValidate>
          <h2>Create a webhook</h2>
          <FormError error={creating.error} />
          <TextField
            label="Receiver URL"
            type="url"
            required
            value={url}
            onInput={setUrl}
            error={fields.url}
            placeholder="https://hooks.example.com/shortline"
          />
          <TextField label="Description" value={description} onInput={setDescription} error={fields.description} />
          <CheckboxGroup legend="Events" values={WEBHOOK_EVENTS} selected={events} onChange={setEvents} error={fields.events} />
          <button type="submit" disabled={creating.busy}>
            Create webhook
          </button>
        </form>
      )}
      <ErrorNotice error={hooks.error} />
      {hooks.loading && !hooks.data && <Loading />}
      {hooks.data?.data.length === 0 && <p class="empty">No webhooks yet.</p>}
      <ul class="cards">
        {hooks.data?.data.map((hook) => (
          <li key={hook.id} class="card">
            <h2 class="card-title">
              <Link href={`/app/settings/webhooks/${hook.id}`}>{hook.description ?? hook.url}</Link>{' '}
              <span class={`badge ${hook.enabled ? 'verified' : 'pending'}`}>{hook.enabled ? 'Enabled' : 'Disabled'}</span>
            </h2>
            <p class="muted url">{hook.url}</p>
            <p>{hook.events.join(', ')}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
