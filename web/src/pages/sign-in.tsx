import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { FormError, TextField } from '../components/form';
import { Page } from '../components/page';
import { Link } from '../router';
import { useAction } from '../use-api';

export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const fields = action.error?.fieldErrors() ?? {};
  const submit = async (event: Event) => {
    event.preventDefault();
    const session = await action.run(() => api('post', '/v1/session', { body: { email, password }, quiet401: true }));
    if (session) onSignedIn(session);
  };
  return (
    <main id="main" class="narrow">
      <Page title="Sign in to Shortline">
        <form class="card" onSubmit={(event) => void submit(event)} noValidate>
          <FormError error={action.error} />
          <TextField label="Email" type="email" autoComplete="username" required value={email} onInput={setEmail} error={fields.email} />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={setPassword}
            error={fields.password}
          />
          <button type="submit" disabled={action.busy}>
            {action.busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p>
          <Link href="/app/forgot">Forgot your password?</Link>
        </p>
      </Page>
    </main>
  );
}
