import { useEffect, useState } from 'preact/hooks';
import type { AcceptInviteBody, InviteLookup, Me } from '@parley/protocol';
import { ApiError, get, post } from '../api';
import { navigate } from '../router';

/** /inbox/invite#<token>: the invitee picks a name and password and is signed in. */
export function InviteView({ onJoined }: { onJoined: (me: Me) => void }) {
  const token = location.hash.slice(1);
  const [invite, setInvite] = useState<InviteLookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<InviteLookup>(`/invites/${encodeURIComponent(token)}`).then(setInvite, () =>
      setError('This invitation link is not valid any more. Ask for a new one.'),
    );
  }, [token]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      onJoined(await post<Me, AcceptInviteBody>(`/invites/${encodeURIComponent(token)}/accept`, { name: form.get('name') as string, password: form.get('password') as string }));
      navigate('/');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not reach the server');
    }
  };
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>Join {invite?.accountName ?? 'Parley'}</h1>
      {invite && <p>You were invited as {invite.role} with {invite.email}.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {invite && (
        <>
          <label>
            Your name
            <input name="name" required maxLength={120} />
          </label>
          <label>
            Choose a password (at least 10 characters)
            <input name="password" type="password" minLength={10} autocomplete="new-password" required />
          </label>
          <button type="submit">Join</button>
        </>
      )}
    </form>
  );
}
