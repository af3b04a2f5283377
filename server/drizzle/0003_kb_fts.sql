-- Full-text index over the knowledge base (SPEC §7): external content (no second copy of the
-- text), keyed by articles.seq, kept in sync by the triggers below. Porter stemming over
-- unicode61 with diacritics folded, so "cancelación" matches "cancelacion" and "refunds"
-- matches "refund".
CREATE VIRTUAL TABLE `articles_fts` USING fts5(
	title, phrasings, body, category,
	content='articles', content_rowid='seq',
	tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `articles_fts_ai` AFTER INSERT ON `articles` BEGIN
	INSERT INTO articles_fts(rowid, title, phrasings, body, category)
	VALUES (new.seq, new.title, new.phrasings, new.body, new.category);
	INSERT INTO kb_revisions(site_id, revision) VALUES (new.site_id, 1)
	ON CONFLICT(site_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_fts_ad` AFTER DELETE ON `articles` BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, phrasings, body, category)
	VALUES ('delete', old.seq, old.title, old.phrasings, old.body, old.category);
	INSERT INTO kb_revisions(site_id, revision) VALUES (old.site_id, 1)
	ON CONFLICT(site_id) DO UPDATE SET revision = revision + 1;
END;
--> statement-breakpoint
-- Only edits of the content or the status touch the index and the revision: view and
-- feedback counters change on every read and must not invalidate the bot's retriever.
CREATE TRIGGER `articles_fts_au` AFTER UPDATE OF title, phrasings, body, category, status, locale, site_id ON `articles` BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, phrasings, body, category)
	VALUES ('delete', old.seq, old.title, old.phrasings, old.body, old.category);
	INSERT INTO articles_fts(rowid, title, phrasings, body, category)
	VALUES (new.seq, new.title, new.phrasings, new.body, new.category);
	INSERT INTO kb_revisions(site_id, revision) VALUES (new.site_id, 1)
	ON CONFLICT(site_id) DO UPDATE SET revision = revision + 1;
END;
