import type { VisitorProfile } from '@parley/protocol';
import { useEffect, useState } from 'preact/hooks';
import { useChat } from '../ui/context';
import type { EmailAsk } from './draft';

/**
 * Whether "Send us a message" asks for an email (the ticket's updates go there): only while
 * the visitor has none on file — a new visitor, or a profile without one — and then as
 * required as the site's contact fields make it. A profile that cannot be read counts as
 * none: an address given anyway changes nothing, the server keeps the one on file.
 */
export function useEmailAsk(): EmailAsk {
  const [chat, s] = useChat();
  const [onFile, setOnFile] = useState(!!s.emailSaved || (s.hasSession ? undefined : false));
  useEffect(() => {
    if (onFile !== undefined) return;
    chat.request<VisitorProfile>('GET', '/visitor').then(
      (profile) => setOnFile(!!profile.email),
      () => setOnFile(false),
    );
  }, []);
  if (onFile !== false) return null;
  return chat.host.config.contactFields.email === 'required' ? 'required' : 'optional';
}
