ALTER TABLE "kie_rate_log" ADD COLUMN "done_at" timestamp (6) with time zone;--> statement-breakpoint
-- One grant attempt of the shared KIE rate limiter in one statement. KIE stamps a call somewhere between our grant
-- (`at`) and its reply (`done_at`), so a call counts against the window from its grant until `p_window_ms` after its
-- reply; a call never marked done (its process died) counts until `p_in_flight_ms` after its grant. Under an advisory
-- lock on the bucket (held until the statement commits; each statement of a VOLATILE function sees what was committed
-- before it): purge calls that no longer count, then either log a grant and return its id, or return how long until
-- the earliest answered call stops counting (a full window when none is answered yet).
CREATE FUNCTION "kie_rate_acquire"("p_bucket" text, "p_limit" integer, "p_window_ms" double precision,
  "p_in_flight_ms" double precision, OUT "grant_id" bigint, OUT "wait_ms" double precision)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  v_window interval := make_interval(secs => p_window_ms / 1000);
  v_in_flight interval := make_interval(secs => p_in_flight_ms / 1000);
  v_count integer;
  v_earliest_done timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext(p_bucket));
  DELETE FROM kie_rate_log WHERE bucket = p_bucket AND coalesce(done_at, at + v_in_flight) <= clock_timestamp() - v_window;
  SELECT count(*), min(done_at) INTO v_count, v_earliest_done FROM kie_rate_log WHERE bucket = p_bucket;
  IF v_count < p_limit THEN
    INSERT INTO kie_rate_log (bucket) VALUES (p_bucket) RETURNING id INTO grant_id;
    wait_ms := 0;
  ELSE
    wait_ms := greatest(5, ceil(extract(epoch FROM coalesce(v_earliest_done, clock_timestamp()) + v_window - clock_timestamp()) * 1000));
  END IF;
END
$$;
