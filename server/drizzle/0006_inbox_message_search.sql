-- Full-text search over message bodies for the inbox (FTS5, external content: the text is
-- stored once, in messages). Triggers keep the index in step with every write.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(`body`, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `messages_fts`(`rowid`, `body`) SELECT `id`, `body` FROM `messages`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(`rowid`, `body`) VALUES (new.`id`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, `rowid`, `body`) VALUES ('delete', old.`id`, old.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF `body` ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, `rowid`, `body`) VALUES ('delete', old.`id`, old.`body`);
  INSERT INTO `messages_fts`(`rowid`, `body`) VALUES (new.`id`, new.`body`);
END;
