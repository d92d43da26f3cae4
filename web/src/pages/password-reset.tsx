import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { FormError, TextField } from '../components/form';
import { Page } from '../components/page';
import { Link } from '../router';
import { useAction } from '../use-api';

/** /app/forgot: asks for a reset link by mail. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction();
  const fields = action.error?.fieldErrors() ?? {};
  const submit = async (event: Event) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api('post', '/v1/password-resets', { body: { email }, quiet401: true });
      return true;
    });
    if (ok) setSent(true);
  };
  return (
    <main id="main" class="narrow">
      <Page title="Reset your password">
        {sent ? (
          <p class="notice" role="status">
            If {email} has an account, a link to choose a new password is on its way. It works for an hour, once.
          </p>
        ) : (
          <form class="card" onSubmit={(event) => void submit(event)} noValidate>
            <FormError error={action.error} />
            <TextField label="Email" type="email" autoComplete="username" required value={email} onInput={setEmail} error={fields.email} />
            <button type="submit" disabled={action.busy}>
              {action.busy ? 'Sending…' : 'Mail me a link'}
            </button>
          </form>
        )}
        <p>
          <Link href="/app/sign-in">Back to sign in</Link>
        </p>
      </Page>
    </main>
  );
}

/**
 * /app/reset#<token>, the mailed link: the token is in the fragment, which
 * browsers never send, so it reaches no server log.
 */
export function ResetPasswordPage() {
  const token = decodeURIComponent(location.hash.slice(1));
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction();
  const fields = action.error?.fieldErrors() ?? {};
  const submit = async (event: Event) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api('post', '/v1/password-resets/complete', { body: { token, newPassword: password }, quiet401: true });
      return true;
    });
    if (!ok) return;
    // The token is spent: off the address bar and out of the history.
    history.replaceState(null, '', '/app/reset');
    setDone(true);
  };
  return (
    <main id="main" class="narrow">
      <Page title="Choose a new password">
        {done ? (
          <p class="notice" role="status">
            Your password is changed, and every session of yours has ended. <Link href="/app/sign-in">Sign in</Link> with the new one.
          </p>
        ) : (
          <form class="card" onSubmit={(event) => void submit(event)} noValidate>
            <FormError error={action.error} />
            <TextField
              label="New password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onInput={setPassword}
              error={fields.newPassword ?? fields.token}
              hint="At least 12 characters."
            />
            <button type="submit" disabled={action.busy}>
              {action.busy ? 'Saving…' : 'Set the password'}
            </button>
          </form>
        )}
      </Page>
    </main>
  );
}
