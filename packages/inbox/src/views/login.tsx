import { useState } from 'preact/hooks';
import type { LoginBody, Me, PasswordResetRequestBody } from '@parley/protocol';
import { messageOf, post } from '../api';

/** The login form, and the "forgot your password" form that mails a reset link. `notice` says why the agent is here again. */
export function LoginView({ onLogin, notice }: { onLogin: (me: Me) => void; notice?: string | null }) {
  const [forgot, setForgot] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const email = form.get('email') as string;
    setBusy(true);
    setError(null);
    try {
      if (forgot) {
        await post<void, PasswordResetRequestBody>('/auth/password-reset', { email });
        // The server answers the same for every address, and so does this.
        setSent(`If ${email} has an account, a link to choose a new password is on its way. It works once, for a limited time.`);
      } else {
        onLogin(await post<Me, LoginBody>('/auth/login', { email, password: form.get('password') as string }));
      }
    } catch (err) {
      setError(messageOf(err, 'Could not reach the server'));
    } finally {
      setBusy(false);
    }
  };
  const switchTo = (toForgot: boolean) => {
    setForgot(toForgot);
    setError(null);
    setSent(null);
  };
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>{forgot ? 'Reset your password' : 'Parley inbox'}</h1>
      {notice && !forgot && (
        <p class="muted" role="status">
          {notice}
        </p>
      )}
      <label>
        Email
        <input name="email" type="email" autocomplete="username" required />
      </label>
      {!forgot && (
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {sent && (
        <p class="ok" role="status">
          {sent}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {forgot ? 'Mail me a reset link' : 'Log in'}
      </button>
      <p>
        <button type="button" class="link" onClick={() => switchTo(!forgot)}>
          {forgot ? 'Back to log in' : 'Forgot your password?'}
        </button>
      </p>
    </form>
  );
}
