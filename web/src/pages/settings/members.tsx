import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Role } from '../../api/types';
import { FormError, Select, TextField } from '../../components/form';
import { ErrorNotice, Loading } from '../../components/notice';
import { Page } from '../../components/page';
import { ShownOnce } from '../../components/shown-once';
import { formatDate, formatDateTime } from '../../format';
import { SettingsNav } from '../../layout';
import { useSession } from '../../session';
import { useAction, useApi } from '../../use-api';

const ROLES: readonly (readonly [Role, string])[] = [
  ['viewer', 'Viewer — reads links and analytics'],
  ['member', 'Member — also creates and edits links'],
  ['admin', 'Admin — everything but managing owners'],
  ['owner', 'Owner'],
];

/** Who is in the workspace and who is invited: invite with a role (the link shown once), change roles, remove. */
export function MembersPage() {
  const { can, session } = useSession();
  const members = useApi(() => api('get', '/v1/members'), []);
  const invitations = useApi(async () => (can('members:write') ? (await api('get', '/v1/invitations')).data : []), []);
  const [role, setRole] = useState<Role>('member');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<string | undefined>();
  const inviting = useAction();
  const changing = useAction();
  const writable = can('members:write');
  // Only an owner hands out or takes away ownership.
  const roles = session.role === 'owner' ? ROLES : ROLES.filter(([r]) => r !== 'owner');

  const invite = async (event: Event) => {
    event.preventDefault();
    const created = await inviting.run(() => api('post', '/v1/invitations', { body: { role, ...(email ? { email } : {}) } }));
    if (!created) return;
    setLink(created.url);
    setEmail('');
    invitations.reload();
  };
  const changeRole = async (userId: string, next: Role) => {
    if (await changing.run(() => api('patch', '/v1/members/{id}', { params: { id: userId }, body: { role: next } }))) members.reload();
  };
  const removeMember = async (userId: string, name: string) => {
    if (!window.confirm(`Remove ${name} from ${session.workspace.name}?`)) return;
    if (await changing.run(() => api('delete', '/v1/members/{id}', { params: { id: userId } }).then(() => true))) members.reload();
  };
  const revoke = async (id: string) => {
    if (await changing.run(() => api('delete', '/v1/invitations/{id}', { params: { id } }).then(() => true))) invitations.reload();
  };
  return (
    <Page title="Members">
      <SettingsNav />
      {link && <ShownOnce label="The invitation link" value={link} onDone={() => setLink(undefined)} />}
      {writable && (
        <form class="card" onSubmit={(event) => void invite(event)} noValidate>
          <h2>Invite someone</h2>
          <FormError error={inviting.error} />
          <div class="row">
            <Select label="Role" value={role} options={roles} onChange={(next) => setRole(next)} error={inviting.error?.fieldErrors().role} />
            <TextField
              label="Email (optional)"
              type="email"
              value={email}
              onInput={setEmail}
              error={inviting.error?.fieldErrors().email}
              hint="Left empty, anyone with the link may join."
            />
          </div>
          <button type="submit" disabled={inviting.busy}>
            Create invitation link
          </button>
        </form>
      )}
      <ErrorNotice error={members.error ?? changing.error} />
      {members.loading && !members.data && <Loading />}
      {members.data && (
        <div class="table-wrap">
          <table>
            <caption>Members of {session.workspace.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {writable && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.data.data.map((member) => {
                const self = member.user.id === session.user.id;
                const editable = writable && !self && (member.role !== 'owner' || session.role === 'owner');
                return (
                  <tr key={member.user.id}>
                    <td>
                      {member.user.name}
                      {self && <span class="muted"> (you)</span>}
                    </td>
                    <td>{member.user.email}</td>
                    <td>
                      {editable ? (
                        <label>
                          <span class="visually-hidden">Role of {member.user.name}</span>
                          <select
                            value={member.role}
                            disabled={changing.busy}
                            onChange={(event) => void changeRole(member.user.id, event.currentTarget.value as Role)}
                          >
                            {roles.map(([r]) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        </label>
                      ) : (
                        member.role
                      )}
                    </td>
                    <td>{formatDate(member.joinedAt)}</td>
                    {writable && (
                      <td>
                        {editable && (
                          <button type="button" class="danger small" onClick={() => void removeMember(member.user.id, member.user.name)}>
                            Remove <span class="visually-hidden">{member.user.name}</span>
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {writable && invitations.data && invitations.data.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Open invitations</caption>
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Role</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email ?? 'Anyone with the link'}</td>
                  <td>{invitation.role}</td>
                  <td>{formatDateTime(invitation.expiresAt)}</td>
                  <td>
                    <button type="button" class="danger small" onClick={() => void revoke(invitation.id)}>
                      Revoke
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
