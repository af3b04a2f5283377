-- Unlogged: rate limits need no crash safety (PostgreSQL empties the table after a crash, and
-- every bucket starts full again), and a token taken then writes no WAL.
CREATE UNLOGGED TABLE "rate_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"refilled_at" timestamp (3) with time zone NOT NULL
);
