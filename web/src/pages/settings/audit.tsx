import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { useApi } from '../../use-api';

/** Who did what in the workspace, newest first, older entries on demand. */
export function AuditPage() {
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useApi(() => api('get', '/v1/audit', { query: { limit: 50, cursor } }), [cursor]);
  const entries = [...older, ...(page.data?.data ?? [])];
  const more = () => {
    if (!page.data?.nextCursor) return;
    setOlder(entries);
    setCursor(page.data.nextCursor);
  };
  return (
    <Page title="Audit trail">
      <SettingsNav />
      <ErrorNotice error={page.error} />
      {entries.length === 0 && page.loading && <Loading />}
      {entries.length === 0 && !page.loading && !page.error && <p class="empty">Nothing recorded yet.</p>}
      {entries.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>
                    {entry.actor.label} <span class="muted">({entry.actor.kind === 'key' ? 'API key' : 'user'})</span>
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.target.label} <span class="muted">({entry.target.type})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.data?.nextCursor && (
        <button type="button" class="secondary" onClick={more} disabled={page.loading}>
          Show older entries
        </button>
      )}
    </Page>
  );
}
