-- Mail: the sender asks for pending messages whose next attempt is due, oldest first. A partial index
-- keeps that query cheap however many sent messages the outbox has accumulated.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
