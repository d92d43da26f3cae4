import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { FormError, TextField } from '../components/form';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { useSession } from '../session';
import { useAction } from '../use-api';

/** The signed-in person: their password, and signing out of every browser at once. */
export function AccountPage() {
  const { session, signOut } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [changed, setChanged] = useState(false);
  const changing = useAction();
  const everywhere = useAction();
  const fields = changing.error?.fieldErrors() ?? {};
  const change = async (event: Event) => {
    event.preventDefault();
    setChanged(false);
    const done = await changing.run(() => api('put', '/v1/account/password', { body: { currentPassword, newPassword } }).then(() => true));
    if (!done) return;
    setCurrent('');
    setNew('');
    setChanged(true);
  };
  const signOutEverywhere = async () => {
    if (!window.confirm('Sign out of every browser and device, this one included?')) return;
    if (await everywhere.run(() => api('delete', '/v1/sessions').then(() => true))) await signOut();
  };
  return (
    <Page title="Account">
      <section class="card">
        <dl class="facts">
          <dt>Name</dt>
          <dd>{session.user.name}</dd>
          <dt>Email</dt>
          <dd>{session.user.email}</dd>
          <dt>Role in {session.workspace.name}</dt>
          <dd>{session.role}</dd>
        </dl>
      </section>
      <form class="card" onSubmit={(event) => void change(event)} noValidate>
        <h2>Change your password</h2>
        {changed && <Notice tone="success">Your password is changed.</Notice>}
        <FormError error={changing.error} />
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onInput={setCurrent}
          error={fields.currentPassword}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={newPassword}
          onInput={setNew}
          error={fields.newPassword}
        />
        <button type="submit" disabled={changing.busy}>
          Change password
        </button>
      </form>
      <section class="card">
        <h2>Sessions</h2>
        <p>Signed in somewhere you should not be? End every session of your account.</p>
        <FormError error={everywhere.error} />
        <button type="button" class="danger" onClick={() => void signOutEverywhere()} disabled={everywhere.busy}>
          Sign out everywhere
        </button>
      </section>
    </Page>
  );
}
