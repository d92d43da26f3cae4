import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { AUDIT_ACTIONS } from '../../api/enums';
import type { AuditAction, AuditEntry } from '../../api/types';
import { Select } from '../../components/form';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { useApi } from '../../use-api';

/** Who did what in the workspace, newest first, older entries on demand, optionally of one action. */
export function AuditPage() {
  const [action, setAction] = useState<AuditAction | ''>('');
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useApi(() => api('get', '/v1/audit', { query: { limit: 50, cursor, action: action || undefined } }), [cursor, action]);
  const entries = [...older, ...(page.data?.data ?? [])];
  const more = () => {
    if (!page.data?.nextCursor) return;
    setOlder(entries);
    setCursor(page.data.nextCursor);
  };
  const filter = (next: AuditAction | '') => {
    setOlder([]);
    setCursor(undefined);
    setAction(next);
  };
  return (
    <Page title="Audit trail">
      <SettingsNav />
      <form class="filters" aria-label="Filter the audit trail" onSubmit={(event) => event.preventDefault()}>
        <Select label="Action" value={action} options={[['', 'All actions'], ...AUDIT_ACTIONS.map((a) => [a, a] as const)]} onChange={filter} />
      </form>
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
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.at)}</td>
                  <td>
                    {entry.actor ? (
                      <>
                        {entry.actor.label} <span class="muted">({entry.actor.kind === 'key' ? 'API key' : 'person'})</span>
                      </>
                    ) : (
                      <span class="muted">Shortline</span>
                    )}
                  </td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.target.label} <span class="muted">({entry.target.type.replace('_', ' ')})</span>
                  </td>
                  <td>{describeChanges(entry.changes)}</td>
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

function describeChanges(changes: AuditEntry['changes']): string {
  if (!changes) return '';
  return [
    changes.fields && `changed ${changes.fields.join(', ')}`,
    changes.previousRole && changes.role ? `${changes.previousRole} → ${changes.role}` : changes.role && `role ${changes.role}`,
    changes.previousRole && !changes.role && `was ${changes.previousRole}`,
    changes.scopes && `scopes ${changes.scopes.join(', ')}`,
    changes.reason,
  ]
    .filter(Boolean)
    .join('; ');
}
