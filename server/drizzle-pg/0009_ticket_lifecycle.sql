ALTER TABLE "conversations" ADD COLUMN "follows_up_id" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "pending_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reopens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "erased_conversations" ADD COLUMN "kind" text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE "erased_conversations" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "erased_conversations" ADD COLUMN "priority" text;--> statement-breakpoint
ALTER TABLE "erased_conversations" ADD COLUMN "reopens" integer DEFAULT 0 NOT NULL;