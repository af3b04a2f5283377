ALTER TABLE `conversations` ADD `kind` text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `reference` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_site_reference_unique` ON `conversations` (`site_id`,`reference`);--> statement-breakpoint
ALTER TABLE `sites` ADD `ticket_seq` integer DEFAULT 0 NOT NULL;