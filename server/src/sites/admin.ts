import type { Db } from '../db/store';
import { newToken } from '../auth/tokens';
import { newId } from '../db/ids';
import { sites } from '../db/tables';
import type { SiteRow } from '../db/rows';

/** A site with fresh keys. The public key goes in the embed tag; the secret signs identify() calls. */
export async function createSite(db: Db, accountId: string, name: string, allowedOrigins: string[]): Promise<SiteRow> {
  return (
    await db
      .insert(sites)
      .values({ id: newId('site'), accountId, name, publicKey: newToken('pk').slice(0, 27), secret: newToken('sk'), allowedOrigins })
      .returning()
  )[0]!;
}

/** The tag a site owner pastes (docs/spec.md §3). */
export function embedSnippet(publicUrl: string, publicKey: string): string {
  return `<script async src="${publicUrl}/widget.js" data-site="${publicKey}"></script>`;
}
