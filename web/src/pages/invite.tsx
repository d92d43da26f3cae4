import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { FormError, TextField } from '../components/form';
import { ErrorNotice, Loading } from '../components/notice';
import { Page } from '../components/page';
import { formatDateTime } from '../format';
import { navigate } from '../router';
import { useAction, useApi } from '../use-api';

/**
 * /app/invite#<token>: the token is in the fragment, which browsers never
 * send, so it reaches no server log; the page posts it to the API instead.
 */
export function InvitePage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const token = decodeURIComponent(location.hash.slice(1));
  const preview = useApi(() => api('post', '/v1/invitations/preview', { body: { token }, quiet401: true }), [token]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState<string | undefined>();
  const [password, setPassword] = useState('');
  const action = useAction();
  const fields = action.error?.fieldErrors() ?? {};
  const invitation = preview.data;
  const submit = async (event: Event) => {
    event.preventDefault();
    const session = await action.run(() =>
      api('post', '/v1/invitations/accept', { body: { token, name, email: email ?? invitation?.email ?? '', password }, quiet401: true }),
    );
    if (!session) return;
    // The token has done its work: off the address bar and out of the history.
    history.replaceState(null, '', '/app/links');
    onSignedIn(session);
    navigate('/app/links', { replace: true });
  };
  return (
    <main id="main" class="narrow">
      <Page title={invitation ? `Join ${invitation.workspace.name}` : 'Accept an invitation'}>
        {token === '' && <p class="notice error">This invitation link is incomplete: open the whole link you were sent.</p>}
        {token !== '' && preview.loading && <Loading />}
        <ErrorNotice error={preview.error} />
        {invitation && (
          <form class="card" onSubmit={(event) => void submit(event)} noValidate>
            <p>
              You are invited to <strong>{invitation.workspace.name}</strong> as <strong>{invitation.role}</strong>. The invitation expires{' '}
              {formatDateTime(invitation.expiresAt)}.
            </p>
            <FormError error={action.error} />
            <TextField label="Your name" autoComplete="name" required value={name} onInput={setName} error={fields.name} />
            <TextField
              label="Email"
              type="email"
              autoComplete="username"
              required
              readOnly={invitation.email !== null}
              value={email ?? invitation.email ?? ''}
              onInput={setEmail}
              error={fields.email}
              hint={invitation.email !== null ? 'The invitation is for this address.' : undefined}
            />
            <TextField
              label="Password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onInput={setPassword}
              error={fields.password}
            />
            <button type="submit" disabled={action.busy}>
              {action.busy ? 'Joining…' : 'Join the workspace'}
            </button>
          </form>
        )}
      </Page>
    </main>
  );
}
