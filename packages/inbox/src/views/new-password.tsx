/** A new password, typed twice: the browser will not submit the form while the two differ. */
export function NewPasswordFields() {
  const check = (e: Event) => {
    const fields = (e.currentTarget as HTMLInputElement).form!.elements;
    const password = fields.namedItem('password') as HTMLInputElement;
    const confirm = fields.namedItem('confirm') as HTMLInputElement;
    confirm.setCustomValidity(confirm.value === password.value ? '' : 'The two passwords differ');
  };
  return (
    <>
      <label>
        New password (at least 10 characters)
        <input name="password" type="password" minLength={10} maxLength={200} autocomplete="new-password" required onInput={check} />
      </label>
      <label>
        Repeat the new password
        <input name="confirm" type="password" autocomplete="new-password" required onInput={check} />
      </label>
    </>
  );
}
