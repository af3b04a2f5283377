import { useEffect, useState } from 'preact/hooks';
import type { ChangePasswordBody, Me } from '@parley/protocol';
import { del, post, upload } from '../api';
import { Avatar } from '../avatar';
import { useSaver } from '../saver';
import { useSession } from '../session';
import { NewPasswordFields } from './new-password';

const AVATAR_TYPES = 'image/png,image/jpeg,image/webp';

/** The signed-in agent's own profile: their photo, which visitors see next to their replies, and their password. */
export function ProfileView() {
  const { me, setMe } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  // A new key empties the file input once its file is saved.
  const [picker, setPicker] = useState(0);
  const [run, statusLine] = useSaver();
  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const save = (e: Event) => {
    e.preventDefault();
    if (file)
      void run(async () => {
        setMe(await upload<Me>('/me/avatar', file));
        setFile(null);
        setPicker(picker + 1);
      }, 'Photo saved');
  };
  const remove = () =>
    void run(async () => {
      await del('/me/avatar');
      setMe({ ...me, avatarUrl: null });
    }, 'Photo removed');

  return (
    <div class="page">
      <h1>Your profile</h1>
      <form class="settings" onSubmit={save}>
        <fieldset>
          <legend>Photo</legend>
          <p class="muted">Visitors see it next to your replies. PNG, JPEG or WebP, at most 256 KB.</p>
          <div class="avatar-edit">
            <Avatar name={me.name} url={preview ?? me.avatarUrl} large />
            <label>
              {me.avatarUrl ? 'Replace photo' : 'Choose a photo'}
              <input key={picker} type="file" accept={AVATAR_TYPES} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            </label>
          </div>
          {statusLine}
          <button type="submit" class="primary" disabled={!file}>
            Save photo
          </button>{' '}
          {me.avatarUrl && !file && (
            <button type="button" onClick={remove}>
              Remove photo
            </button>
          )}
        </fieldset>
      </form>
      <PasswordForm />
    </div>
  );
}

function PasswordForm() {
  const [run, statusLine] = useSaver();
  // A new key empties the fields once the password is changed.
  const [generation, setGeneration] = useState(0);
  const submit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const body: ChangePasswordBody = { currentPassword: form.get('current') as string, newPassword: form.get('password') as string };
    void run(async () => {
      await post<void, ChangePasswordBody>('/auth/password', body);
      setGeneration(generation + 1);
    }, 'Password changed: your other sessions are signed out');
  };
  return (
    <form class="settings" key={generation} onSubmit={submit}>
      <fieldset>
        <legend>Password</legend>
        <label>
          Current password
          <input name="current" type="password" autocomplete="current-password" required />
        </label>
        <NewPasswordFields />
        {statusLine}
        <button type="submit" class="primary">
          Change password
        </button>
      </fieldset>
    </form>
  );
}
