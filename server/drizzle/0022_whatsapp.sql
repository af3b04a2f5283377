CREATE TABLE `whatsapp_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`business_account_id` text NOT NULL,
	`display_phone` text,
	`access_token_sealed` text NOT NULL,
	`app_secret_sealed` text NOT NULL,
	`verify_token` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_channels_phone_unique` ON `whatsapp_channels` (`phone_number_id`);--> statement-breakpoint
CREATE INDEX `whatsapp_channels_site_idx` ON `whatsapp_channels` (`site_id`);--> statement-breakpoint
CREATE TABLE `whatsapp_inbound` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`body` text NOT NULL,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`error` text,
	FOREIGN KEY (`channel_id`) REFERENCES `whatsapp_channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `whatsapp_inbound_due_idx` ON `whatsapp_inbound` (`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `whatsapp_media` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`mime` text NOT NULL,
	`filename` text,
	`bytes` blob NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `whatsapp_messages` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`status` text NOT NULL,
	`wamid` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_messages_wamid_unique` ON `whatsapp_messages` (`wamid`);--> statement-breakpoint
CREATE INDEX `whatsapp_messages_due_idx` ON `whatsapp_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `channel` text DEFAULT 'widget' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `whatsapp_channel_id` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `whatsapp_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_site_whatsapp_unique` ON `visitors` (`site_id`,`whatsapp_id`);--> statement-breakpoint
ALTER TABLE `erased_conversations` ADD `channel` text DEFAULT 'widget' NOT NULL;