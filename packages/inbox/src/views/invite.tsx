import { useState } from 'preact/hooks';
import type { AcceptInviteBody, InviteLookup, Me } from '@parley/protocol';
import { get, messageOf, nullOn, post } from '../api';
import { Loaded, useLoad } from '../load';
import { navigate } from '../router';

/** /inbox/invite#<token>: the invitee picks a name and password and is signed in. */
export function InviteView({ onJoined }: { onJoined: (me: Me) => void }) {
  const token = location.hash.slice(1);
  // Unknown, used and expired invitations all answer 404: a dead link, not a failure to retry.
  const invite = useLoad(() => get<InviteLookup>(`/invites/${encodeURIComponent(token)}`).catch(nullOn(404)), [token]);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    try {
      onJoined(await post<Me, AcceptInviteBody>(`/invites/${encodeURIComponent(token)}/accept`, { name: form.get('name') as string, password: form.get('password') as string }));
      navigate('/');
    } catch (err) {
      setError(messageOf(err, 'Could not reach the server'));
    }
  };
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>Join {invite.data?.accountName ?? 'Parley'}</h1>
      <Loaded load={invite}>
        {(found) =>
          found ? (
            <>
              <p>
                You were invited as {found.role} with {found.email}.
              </p>
              {error && (
                <p class="error" role="alert">
                  {error}
                </p>
              )}
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
          ) : (
            <p class="error" role="alert">
              This invitation link is not valid any more. Ask for a new one.
            </p>
          )
        }
      </Loaded>
    </form>
  );
}
