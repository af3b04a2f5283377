import type { ConversationDetail } from '@parley/protocol';
import { Link } from '../../router';
import { ContactPrivacy, type OnErased } from '../contact-privacy';

/**
 * Who the visitor is, where they are, how the conversation was triaged, and their other
 * conversations; owners and admins also export or erase the visitor here.
 */
export function VisitorSidebar({ detail, onErased }: { detail: ConversationDetail; onErased: OnErased }) {
  const v = detail.visitor;
  const c = detail.conversation;
  const attrs = Object.entries(v.attributes);
  return (
    <aside class="sidebar" aria-label="Visitor">
      <h3>Contact</h3>
      <dl>
        <dt>Name</dt>
        <dd>{v.name ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{v.email ?? '—'}</dd>
        {v.phone && (
          <>
            <dt>Phone</dt>
            <dd>{v.phone}</dd>
          </>
        )}
        {v.userId && (
          <>
            <dt>User id</dt>
            <dd>{v.userId}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd>{v.locale ?? c.language ?? '—'}</dd>
        <dt>Site</dt>
        <dd>{c.site.name}</dd>
        <dt>First seen</dt>
        <dd>{new Date(v.createdAt).toLocaleString()}</dd>
        <dt>Page</dt>
        <dd data-testid="visitor-page">
          {/* The server accepts only http(s) URLs, so this link cannot run script. */}
          {v.pageUrl ? (
            <a href={v.pageUrl} target="_blank" rel="noopener noreferrer" title={v.pageSeenAt ? `Seen ${new Date(v.pageSeenAt).toLocaleString()}` : undefined}>
              {v.pageUrl.replace(/^https?:\/\//, '')}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Browser</dt>
        <dd data-testid="visitor-browser">{v.browser ?? '—'}</dd>
      </dl>
      <ContactPrivacy visitorId={v.id} onErased={onErased} />
      {(c.category || c.sentiment !== null) && (
        <>
          <h3>Triage</h3>
          <dl>
            {c.category && (
              <>
                <dt>Category</dt>
                <dd>{c.category}</dd>
              </>
            )}
            {c.sentiment !== null && (
              <>
                <dt>Sentiment</dt>
                <dd>{c.sentiment} / 5</dd>
              </>
            )}
          </dl>
        </>
      )}
      {attrs.length > 0 && (
        <>
          <h3>Attributes</h3>
          <dl>
            {attrs.map(([k, val]) => (
              <>
                <dt>{k}</dt>
                <dd>{String(val)}</dd>
              </>
            ))}
          </dl>
        </>
      )}
      {c.rating !== null && (
        <p>
          Rated {c.rating} / 5
        </p>
      )}
      <h3>Past conversations</h3>
      {detail.pastConversations.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <ul class="past">
          {detail.pastConversations.map((p) => (
            <li>
              <Link to={`/c/${p.id}`}>
                {new Date(p.createdAt).toLocaleDateString()} · {p.status}
              </Link>
              {p.lastMessage && <span class="muted"> — {p.lastMessage}</span>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
