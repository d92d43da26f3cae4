import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Delivery } from '../../api/types';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { Page } from '../../components/page';
import { formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { useAction, useApi, usePolling } from '../../use-api';

/** One webhook: enable or disable it, send a test, and its delivery log with redelivery. */
export function WebhookPage({ id }: { id: string }) {
  const { can } = useSession();
  const hook = useApi(() => api('get', '/v1/webhooks/{id}', { params: { id } }), [id]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const deliveries = useApi(() => api('get', '/v1/webhooks/{id}/deliveries', { params: { id }, query: { limit: 20, cursor } }), [id, cursor]);
  const [tested, setTested] = useState<string | undefined>();
  const action = useAction();
  // Deliveries are attempted in the background: the log catches up by itself.
  usePolling(() => cursor === undefined && deliveries.reload(), 5000);
  const writable = can('webhooks:write');

  if (hook.error) return <ErrorNotice error={hook.error} />;
  if (!hook.data) return <Loading />;
  const h = hook.data;
  const toggle = async () => {
    if (await action.run(() => api('patch', '/v1/webhooks/{id}', { params: { id }, body: { enabled: !h.enabled } }))) hook.reload();
  };
  const test = async () => {
    const result = await action.run(() => api('post', '/v1/webhooks/{id}/test', { params: { id } }));
    if (!result) return;
    setTested(
      result.delivered
        ? `The receiver answered ${result.statusCode} in ${result.latencyMs} ms.`
        : `The test failed: ${result.error ?? `status ${result.statusCode}`}.`,
    );
    deliveries.reload();
  };
  const redeliver = async (delivery: Delivery) => {
    if (await action.run(() => api('post', '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { id, deliveryId: delivery.id } })))
      deliveries.reload();
  };
  const remove = async () => {
    if (!window.confirm('Delete this webhook? Its receiver gets no more events.')) return;
    if (await action.run(() => api('delete', '/v1/webhooks/{id}', { params: { id } }).then(() => true))) navigate('/app/settings/webhooks');
  };
  return (
    <Page title={h.description ?? 'Webhook'}>
      <SettingsNav />
      <section class="card">
        <dl class="facts">
          <dt>Receiver</dt>
          <dd class="url">{h.url}</dd>
          <dt>Events</dt>
          <dd>{h.events.join(', ')}</dd>
          <dt>State</dt>
          <dd>{h.enabled ? 'Enabled' : `Disabled${h.disabledReason ? `: ${h.disabledReason}` : ''}`}</dd>
        </dl>
        {tested && <Notice>{tested}</Notice>}
        <ErrorNotice error={action.error} />
        {writable && (
          <p class="actions">
            <button type="button" onClick={() => void test()} disabled={action.busy}>
              Send a test
            </button>
            <button type="button" class="secondary" onClick={() => void toggle()} disabled={action.busy}>
              {h.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" class="danger" onClick={() => void remove()} disabled={action.busy}>
              Delete
            </button>
          </p>
        )}
      </section>
      <h2>Deliveries</h2>
      <ErrorNotice error={deliveries.error} />
      {deliveries.data?.data.length === 0 && <p class="empty">Nothing delivered yet.</p>}
      {deliveries.data && deliveries.data.data.length > 0 && (
        <div class="table-wrap">
          <table class="deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.data.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{delivery.eventType}</td>
                  <td>
                    <span class={`badge ${delivery.status}`}>{delivery.status}</span>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastError ?? (delivery.lastStatusCode === null ? '—' : `${delivery.lastStatusCode} in ${delivery.latencyMs} ms`)}</td>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td>
                    {writable && delivery.status !== 'pending' && (
                      <button type="button" class="secondary small" onClick={() => void redeliver(delivery)} disabled={action.busy}>
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!deliveries.data?.nextCursor}
          onClick={() => deliveries.data?.nextCursor && setCursors([...cursors, deliveries.data.nextCursor])}
        >
          Older
        </button>
      </nav>
    </Page>
  );
}
