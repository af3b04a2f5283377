import { useState } from 'preact/hooks';

/** The tag to paste into the site, and the origins allowed to load the widget with it. */
export function Embed({ snippet, origins, setOrigins }: { snippet: string; origins: string; setOrigins: (origins: string) => void }) {
  return (
    <fieldset>
      <legend>Embed</legend>
      <label>
        Paste this tag into your site's pages
        <textarea readOnly rows={2} value={snippet} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(snippet)}>
        Copy snippet
      </button>
      <label>
        Allowed origins (one per line: https://shop.example.com, http://localhost:*, https://*.example.com)
        <textarea rows={3} value={origins} onInput={(e) => setOrigins(e.currentTarget.value)} />
      </label>
    </fieldset>
  );
}

/** The secret that signs identify() calls, hidden until revealed; rotating it asks first. */
export function IdentitySecret({ secret, rotate }: { secret: string; rotate: () => void }) {
  const [showSecret, setShowSecret] = useState(false);
  return (
    <fieldset>
      <legend>Identity verification</legend>
      <p>Sign identify() calls on your server: userHash = HMAC-SHA256(userId) with this secret.</p>
      <code class="secret">{showSecret ? secret : '•'.repeat(24)}</code>{' '}
      <button type="button" onClick={() => setShowSecret(!showSecret)}>
        {showSecret ? 'Hide' : 'Reveal'}
      </button>{' '}
      <button type="button" onClick={() => confirm('Rotate the secret? Identify calls signed with the old one will fail.') && rotate()}>
        Rotate secret
      </button>
    </fieldset>
  );
}
