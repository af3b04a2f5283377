import { useState } from 'preact/hooks';
import type { PasswordResetBody } from '@parley/protocol';
import { messageOf, post } from '../api';
import { navigate } from '../router';
import { NewPasswordFields } from './new-password';

/** /inbox/reset#<token>, the link of a reset mail: choose a new password, then log in with it. */
export function ResetView({ onReset }: { onReset: () => void }) {
  const token = location.hash.slice(1);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const password = form.get('password') as string;
    try {
      await post<void, PasswordResetBody>(`/auth/password-reset/${encodeURIComponent(token)}`, { password });
      // Every session of the agent ended with the reset, this browser's too.
      onReset();
      setDone(true);
    } catch (err) {
      setError(messageOf(err, 'Could not reach the server'));
    }
  };
  if (done) {
    return (
      <div class="card narrow">
        <h1>Password changed</h1>
        <p role="status">Your new password is set, and every session you had is signed out.</p>
        <button type="button" onClick={() => navigate('/')}>
          Log in
        </button>
      </div>
    );
  }
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>Choose a new password</h1>
      <NewPasswordFields />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Set the password</button>
    </form>
  );
}
