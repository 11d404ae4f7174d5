-- SkyFox Cinema schema, as ordered migrations.
--
-- `skyfoxctl migrate` applies every block whose number is above
-- PRAGMA user_version, each in its own transaction, then sets user_version.
-- A fresh install and an upgrade run the same path.  Never edit a released
-- block: add a new one at the end.
--
-- Conventions: times are UTC Unix seconds (INTEGER); dates are the cinema's
-- local YYYY-MM-DD (TEXT); money is INTEGER minor units (paise).  The
-- invariants of DESIGN §6 are enforced here, so a bug above cannot break
-- them: see the "live seat" index, the wallet triggers, the payment trigger.

-- migration 1: core data model
CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	username	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('customer', 'staff', 'admin')),
	password_hash	TEXT NOT NULL,
	token_version	INTEGER NOT NULL DEFAULT 1,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	disabled_at	INTEGER
);

CREATE TABLE security_questions (
	id		INTEGER PRIMARY KEY,
	question	TEXT NOT NULL UNIQUE
);

-- Customer details: contact, security question, photo.
CREATE TABLE customers (
	user_id		INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	email		TEXT NOT NULL UNIQUE COLLATE NOCASE,
	phone		TEXT NOT NULL UNIQUE CHECK (length(phone) = 10),
	security_question_id INTEGER NOT NULL REFERENCES security_questions(id),
	security_answer_hash TEXT NOT NULL,
	avatar		TEXT		-- file name under <data_dir>/avatars/
);

-- Staff and admin details: the counter they sell from.
CREATE TABLE staff (
	user_id		INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	counter_no	INTEGER NOT NULL CHECK (counter_no BETWEEN 1 AND 999)
);

-- The last passwords of each user (the policy refuses the last 3).
CREATE TABLE password_history (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	password_hash	TEXT NOT NULL,
	created_at	INTEGER NOT NULL
);
CREATE INDEX password_history_by_user ON password_history(user_id, id);

-- Password-reset tokens: stored hashed, single use, short-lived; separate
-- from session tokens.
CREATE TABLE reset_tokens (
	token_hash	BLOB PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER
) WITHOUT ROWID;

-- Movies as imported from the provider (OMDb format); raw_json keeps every
-- field the provider sent.
CREATE TABLE movies (
	id		INTEGER PRIMARY KEY,
	imdb_id		TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL,
	year		TEXT,
	rated		TEXT,
	runtime_min	INTEGER,
	genre		TEXT,
	director	TEXT,
	actors		TEXT,
	language	TEXT,
	plot		TEXT,
	rating		TEXT,
	poster		TEXT,
	raw_json	TEXT NOT NULL,
	fetched_at	INTEGER NOT NULL
);

CREATE TABLE screens (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE
);

CREATE TABLE seat_categories (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	price_offset	INTEGER NOT NULL DEFAULT 0 CHECK (price_offset >= 0)
);

-- Seats are data: a screen of any shape.  grid_col places the seat on the
-- screen's drawing (aisles are gaps in grid_col); number is what is printed.
CREATE TABLE seats (
	id		INTEGER PRIMARY KEY,
	screen_id	INTEGER NOT NULL REFERENCES screens(id),
	row_label	TEXT NOT NULL,
	number		INTEGER NOT NULL,
	label		TEXT NOT NULL,		-- "A1"
	category_id	INTEGER NOT NULL REFERENCES seat_categories(id),
	grid_row	INTEGER NOT NULL,
	grid_col	INTEGER NOT NULL,
	UNIQUE (screen_id, label),
	UNIQUE (screen_id, row_label, number)
);

-- Fixed daily slots; minutes after local midnight.
CREATE TABLE slots (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE,
	start_min	INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),
	end_min		INTEGER NOT NULL CHECK (end_min > start_min)
);

-- A show: movie × screen × local date × slot.  version is bumped by every
-- write that changes a seat of the show (the seat map's ETag).
CREATE TABLE shows (
	id		INTEGER PRIMARY KEY,
	movie_id	INTEGER NOT NULL REFERENCES movies(id),
	screen_id	INTEGER NOT NULL REFERENCES screens(id),
	slot_id		INTEGER NOT NULL REFERENCES slots(id),
	date		TEXT NOT NULL,
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL,
	price		INTEGER NOT NULL CHECK (price > 0 AND price <= 300000),
	version		INTEGER NOT NULL DEFAULT 0,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	UNIQUE (screen_id, date, slot_id)
);
CREATE INDEX shows_by_date ON shows(date, starts_at);
CREATE INDEX shows_by_movie ON shows(movie_id);

CREATE TABLE walkin_customers (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	phone		TEXT NOT NULL CHECK (length(phone) = 10),
	created_at	INTEGER NOT NULL
);

-- pending → confirmed → checked_in; pending → expired | cancelled;
-- confirmed → cancelled (refund).  A pending booking is live until
-- expires_at: after that instant it is free to everyone whether or not the
-- sweeper has marked it yet.
CREATE TABLE bookings (
	id		INTEGER PRIMARY KEY,
	show_id		INTEGER NOT NULL REFERENCES shows(id),
	user_id		INTEGER REFERENCES users(id),
	walkin_customer_id INTEGER REFERENCES walkin_customers(id),
	sold_by		INTEGER REFERENCES users(id),	-- staff for walk-ins
	status		TEXT NOT NULL CHECK (status IN
			    ('pending', 'confirmed', 'checked_in', 'expired', 'cancelled')),
	amount		INTEGER NOT NULL CHECK (amount >= 0),
	seat_count	INTEGER NOT NULL CHECK (seat_count BETWEEN 1 AND 50),
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER,
	confirmed_at	INTEGER,
	cancelled_at	INTEGER,
	CHECK ((user_id IS NULL) <> (walkin_customer_id IS NULL))
);
CREATE INDEX bookings_by_user ON bookings(user_id, id);
CREATE INDEX bookings_by_show ON bookings(show_id, status);
CREATE INDEX bookings_by_created ON bookings(created_at);
CREATE INDEX bookings_pending_expiry ON bookings(expires_at)
	WHERE status = 'pending';

-- One row per seat of a booking.  live = 1 while the booking holds or owns
-- the seat; hold_expires_at is copied from the booking while pending (NULL
-- once sold), so seat maps need no join.
CREATE TABLE booking_seats (
	booking_id	INTEGER NOT NULL REFERENCES bookings(id),
	show_id		INTEGER NOT NULL REFERENCES shows(id),
	seat_id		INTEGER NOT NULL REFERENCES seats(id),
	price		INTEGER NOT NULL CHECK (price >= 0),
	live		INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
	hold_expires_at	INTEGER,
	PRIMARY KEY (booking_id, seat_id)
) WITHOUT ROWID;
-- THE invariant: a seat of a show is held-or-sold by at most one live row.
-- A hold over an expired-but-unswept row first sets that row's live = 0 in
-- the same transaction.
CREATE UNIQUE INDEX booking_seats_one_live ON booking_seats(show_id, seat_id)
	WHERE live = 1;

-- Payments of bookings (card, wallet, wallet+card, cash) and wallet top-ups.
-- A row is written with status 'started' before a gateway is called, so a
-- crash between the gateway's yes and our commit can be settled later.
CREATE TABLE payments (
	id		INTEGER PRIMARY KEY,
	purpose		TEXT NOT NULL CHECK (purpose IN ('booking', 'topup')),
	booking_id	INTEGER REFERENCES bookings(id),
	user_id		INTEGER REFERENCES users(id),
	method		TEXT NOT NULL CHECK (method IN ('card', 'wallet', 'wallet+card', 'cash')),
	amount		INTEGER NOT NULL CHECK (amount > 0),
	card_amount	INTEGER NOT NULL DEFAULT 0 CHECK (card_amount >= 0),
	wallet_amount	INTEGER NOT NULL DEFAULT 0 CHECK (wallet_amount >= 0),
	cash_amount	INTEGER NOT NULL DEFAULT 0 CHECK (cash_amount >= 0),
	card_brand	TEXT,
	card_last4	TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4),
	idempotency_key	TEXT UNIQUE,
	gateway_txn_id	TEXT,
	status		TEXT NOT NULL CHECK (status IN ('started', 'succeeded', 'declined', 'failed')),
	failure_code	TEXT,
	created_at	INTEGER NOT NULL,
	settled_at	INTEGER,
	CHECK (card_amount + wallet_amount + cash_amount = amount),
	CHECK ((purpose = 'booking') = (booking_id IS NOT NULL))
);
CREATE INDEX payments_by_booking ON payments(booking_id);
CREATE INDEX payments_started ON payments(created_at) WHERE status = 'started';
-- At most one successful payment per booking.
CREATE UNIQUE INDEX payments_one_success ON payments(booking_id)
	WHERE status = 'succeeded' AND purpose = 'booking';

-- A booking can only become confirmed with a successful payment of exactly
-- its amount (walk-ins: a cash payment).
CREATE TRIGGER bookings_confirm_needs_payment
BEFORE UPDATE OF status ON bookings
WHEN NEW.status = 'confirmed' AND OLD.status <> 'confirmed' AND NOT EXISTS (
	SELECT 1 FROM payments WHERE booking_id = NEW.id
	    AND status = 'succeeded' AND amount = NEW.amount)
BEGIN
	SELECT RAISE(ABORT, 'a confirmed booking needs a payment of its amount');
END;
CREATE TRIGGER bookings_insert_not_confirmed
BEFORE INSERT ON bookings
WHEN NEW.status NOT IN ('pending')
BEGIN
	SELECT RAISE(ABORT, 'bookings start pending');
END;

-- Wallets: balance is the sum of the ledger, kept by trigger; never < 0.
CREATE TABLE wallets (
	user_id		INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	balance		INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
	updated_at	INTEGER NOT NULL
);
CREATE TRIGGER wallets_start_empty BEFORE INSERT ON wallets
WHEN NEW.balance <> 0
BEGIN
	SELECT RAISE(ABORT, 'a wallet starts empty; money arrives through the ledger');
END;
CREATE TABLE wallet_ledger (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES wallets(user_id),
	delta		INTEGER NOT NULL CHECK (delta <> 0),
	kind		TEXT NOT NULL CHECK (kind IN ('topup', 'payment', 'refund')),
	booking_id	INTEGER REFERENCES bookings(id),
	payment_id	INTEGER REFERENCES payments(id),
	created_at	INTEGER NOT NULL
);
CREATE INDEX wallet_ledger_by_user ON wallet_ledger(user_id, id);
CREATE TRIGGER wallet_ledger_applies
AFTER INSERT ON wallet_ledger
BEGIN
	UPDATE wallets SET balance = balance + NEW.delta,
	    updated_at = NEW.created_at WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER wallet_ledger_no_update BEFORE UPDATE ON wallet_ledger
BEGIN
	SELECT RAISE(ABORT, 'the wallet ledger is append-only');
END;
CREATE TRIGGER wallet_ledger_no_delete BEFORE DELETE ON wallet_ledger
BEGIN
	SELECT RAISE(ABORT, 'the wallet ledger is append-only');
END;
-- The balance changes only through the ledger trigger above (which runs
-- with the ledger row already present, so the sum matches).
CREATE TRIGGER wallets_balance_from_ledger
BEFORE UPDATE OF balance ON wallets
WHEN NEW.balance <> (SELECT coalesce(sum(delta), 0) FROM wallet_ledger
    WHERE user_id = NEW.user_id)
BEGIN
	SELECT RAISE(ABORT, 'a wallet balance must equal the sum of its ledger');
END;

CREATE TABLE checkins (
	booking_id	INTEGER PRIMARY KEY REFERENCES bookings(id),
	checked_in_at	INTEGER NOT NULL,
	checked_in_by	INTEGER REFERENCES users(id),
	method		TEXT NOT NULL CHECK (method IN ('code', 'booking_id'))
);

-- Failure counters for login, security answers and resets: one row per
-- (key, window).  key is "login:user:<name>", "login:ip:<addr>", …
CREATE TABLE rate_limits (
	key		TEXT NOT NULL,
	window_start	INTEGER NOT NULL,
	count		INTEGER NOT NULL,
	PRIMARY KEY (key, window_start)
) WITHOUT ROWID;

CREATE TABLE audit_log (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	user_id		INTEGER REFERENCES users(id),
	action		TEXT NOT NULL,
	target		TEXT,
	detail		TEXT,
	request_id	TEXT
);
CREATE INDEX audit_log_by_at ON audit_log(at);

-- migration 2: payment simulator's books, payments by user
-- The default gateway (payment_gateway = simulated) keeps what a real one
-- keeps: one row per idempotency key, so a repeated charge answers the first
-- outcome and cron/settle-payments can ask what became of a charge whose
-- answer was lost in a crash.  It never holds a card number.
CREATE TABLE simulated_charges (
	idempotency_key	TEXT PRIMARY KEY,
	amount		INTEGER NOT NULL CHECK (amount > 0),
	currency	TEXT NOT NULL,
	card_last4	TEXT NOT NULL CHECK (length(card_last4) = 4),
	outcome		TEXT NOT NULL CHECK (outcome IN
			    ('approved', 'declined', 'insufficient_funds')),
	transaction_id	TEXT,
	created_at	INTEGER NOT NULL
) WITHOUT ROWID;
-- A customer's recent payment attempts (declined-card rate limit, history).
CREATE INDEX payments_by_user ON payments(user_id, created_at);

-- migration 3: a show ends when its film does (DESIGN §7)
-- ends_at was the later of the slot's end and start + runtime: a 105-minute
-- film in a three-hour slot "ended" two hours late on the pages, the ticket
-- and the check-in window.  A show now ends at its start + the trailers
-- (skyfox.conf trailer_minutes, 15 by default: the value used here) + the
-- film; a film of unknown runtime keeps its slot.  The slot is only the
-- grid shows start on.
UPDATE shows SET ends_at = starts_at + 60 * (15 + (SELECT min(runtime_min, 720)
    FROM movies WHERE movies.id = shows.movie_id))
WHERE (SELECT runtime_min FROM movies WHERE movies.id = shows.movie_id) > 0;

-- migration 4: shows can be cancelled (issue 15 item 7)
-- migrate: foreign keys off (a table rebuild; lib/migrate.c)
-- An admin cancels a show with a reason (lib/show.h show_cancel): when,
-- by whom and why are kept on the row, which stays for the bookings,
-- payments and ledger rows that point at it.  One show per screen, date
-- and slot now holds among the shows that are not cancelled, so the slot
-- of a cancelled show can be scheduled again: a partial unique index,
-- which SQLite can only put where the table's own UNIQUE was by
-- rebuilding the table (https://www.sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes").  No trigger or view
-- names shows, so only its indexes are made again.  The ledger gains a
-- note: a refund for a cancelled show says why.
CREATE TABLE shows_new (
	id		INTEGER PRIMARY KEY,
	movie_id	INTEGER NOT NULL REFERENCES movies(id),
	screen_id	INTEGER NOT NULL REFERENCES screens(id),
	slot_id		INTEGER NOT NULL REFERENCES slots(id),
	date		TEXT NOT NULL,
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL,
	price		INTEGER NOT NULL CHECK (price > 0 AND price <= 300000),
	version		INTEGER NOT NULL DEFAULT 0,
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	cancelled_at	INTEGER,
	cancelled_by	INTEGER REFERENCES users(id),
	cancel_reason	TEXT CHECK (cancel_reason IS NULL OR
			    length(cancel_reason) BETWEEN 1 AND 200),
	CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
INSERT INTO shows_new (id, movie_id, screen_id, slot_id, date, starts_at,
    ends_at, price, version, created_by, created_at)
SELECT id, movie_id, screen_id, slot_id, date, starts_at, ends_at, price,
    version, created_by, created_at FROM shows;
DROP TABLE shows;
ALTER TABLE shows_new RENAME TO shows;
CREATE UNIQUE INDEX shows_one_per_slot ON shows(screen_id, date, slot_id)
	WHERE cancelled_at IS NULL;
CREATE INDEX shows_by_date ON shows(date, starts_at);
CREATE INDEX shows_by_movie ON shows(movie_id);
ALTER TABLE wallet_ledger ADD COLUMN note TEXT;

-- migration 5: seats that can't be sold for one show (issue 15 item 5)
-- Staff block seats of one show with a reason (lib/seatblock.h): a broken
-- seat is sold to nobody; a house seat (house = 1: kept for the cinema's
-- guests) is off the public sale, but the counter may still sell it.  The
-- block stays when the counter sells a house seat (it is history, and the
-- seat goes back to the house if that sale is ever undone); the seat map
-- shows the sale.  The writers decide all of it inside their BEGIN
-- IMMEDIATE; the two triggers are the schema's last line, as the live-seat
-- index is for a double sale: no block is laid over a seat taken at that
-- instant, and no live seat row goes onto a blocked seat unless it is the
-- counter's (a walk-in: no user_id) and the seat a house seat.
CREATE TABLE show_blocks (
	show_id		INTEGER NOT NULL REFERENCES shows(id),
	seat_id		INTEGER NOT NULL REFERENCES seats(id),
	reason		TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 100),
	house		INTEGER NOT NULL DEFAULT 0 CHECK (house IN (0, 1)),
	blocked_by	INTEGER REFERENCES users(id),
	blocked_at	INTEGER NOT NULL,
	PRIMARY KEY (show_id, seat_id)
) WITHOUT ROWID;
CREATE TRIGGER show_blocks_on_free_seats
BEFORE INSERT ON show_blocks
WHEN NOT EXISTS (SELECT 1 FROM shows sh JOIN seats se ON se.screen_id =
	sh.screen_id WHERE sh.id = NEW.show_id AND se.id = NEW.seat_id)
    OR EXISTS (SELECT 1 FROM booking_seats bs WHERE bs.show_id = NEW.show_id
	AND bs.seat_id = NEW.seat_id AND bs.live = 1 AND (bs.hold_expires_at
	IS NULL OR bs.hold_expires_at > NEW.blocked_at))
BEGIN
	SELECT RAISE(ABORT, 'a block is laid on a free seat of its show''s screen');
END;
CREATE TRIGGER booking_seats_not_blocked
BEFORE INSERT ON booking_seats
WHEN NEW.live = 1 AND EXISTS (SELECT 1 FROM show_blocks k
	WHERE k.show_id = NEW.show_id AND k.seat_id = NEW.seat_id
	AND (k.house = 0 OR (SELECT user_id FROM bookings
	    WHERE id = NEW.booking_id) IS NOT NULL))
BEGIN
	SELECT RAISE(ABORT, 'a blocked seat is sold only at the counter, as a house seat');
END;

-- migration 6: ticket types and price cards (issue 15 item 1)
-- A ticket type (lib/pricing.h) is who a seat is sold to: Adult (the
-- default: a seat held without a type is an adult's), Child, Senior,
-- Student, and whatever the admin adds.  Types are never deleted, only
-- made inactive, since sold seats name them.  A price card prices every
-- seat category for every type; a card is never changed once made, so a
-- show's prices move only when the show itself is changed (which is
-- refused once a seat of it is held or sold).  A show has a card, or (as
-- before) a single price where every type pays the category's price;
-- shows.price stays the default type's price of the cheapest category
-- either way, for old clients and the revenue reports.  Each booking seat
-- records its type; rows sold before this read as adult.
CREATE TABLE ticket_types (
	code		TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20
			    AND code GLOB '[a-z]*'
			    AND code NOT GLOB '*[^a-z0-9-]*'),
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE
			    CHECK (length(name) BETWEEN 1 AND 40),
	min_age		INTEGER CHECK (min_age IS NULL OR
			    min_age BETWEEN 0 AND 120),
	max_age		INTEGER CHECK (max_age IS NULL OR
			    max_age BETWEEN 0 AND 120),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort		INTEGER NOT NULL DEFAULT 0,
	CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age),
	CHECK (code <> 'adult' OR active = 1)
);	-- a rowid table: lib/publish.c's update hook sees its changes
INSERT INTO ticket_types (code, name, min_age, max_age, active, sort) VALUES
	('adult', 'Adult', NULL, NULL, 1, 10),
	('child', 'Child', NULL, 12, 1, 20),
	('senior', 'Senior', 60, NULL, 1, 30),
	('student', 'Student', NULL, NULL, 1, 40);
CREATE TABLE price_cards (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE COLLATE NOCASE
			    CHECK (length(name) BETWEEN 1 AND 60),
	created_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL
);
CREATE TABLE price_card_prices (
	card_id		INTEGER NOT NULL REFERENCES price_cards(id),
	category_id	INTEGER NOT NULL REFERENCES seat_categories(id),
	type		TEXT NOT NULL REFERENCES ticket_types(code),
	price		INTEGER NOT NULL CHECK (price > 0 AND price <= 300000),
	PRIMARY KEY (card_id, category_id, type)
) WITHOUT ROWID;
ALTER TABLE shows ADD COLUMN price_card_id INTEGER REFERENCES price_cards(id);
-- (No REFERENCES: SQLite adds a referencing column only with a NULL
-- default; types are never deleted, and lib/booking.c writes only codes it
-- has just read from ticket_types.)
ALTER TABLE booking_seats ADD COLUMN type TEXT NOT NULL DEFAULT 'adult';

-- migration 7: age ratings (issue 15 item 2)
-- A film's certificate says who may see it.  The set is data, so another
-- country's board is rows, not code: the Indian CBFC's is seeded here.
-- min_age is the youngest age a ticket may be sold for (lib/certificate.h
-- certificate_allows: a ticket type whose max_age is below it is refused).
-- S is "restricted to specialised audiences" (doctors, scientists…): the
-- box office cannot check a profession, so it sells S films as adults
-- only, min_age 18, and the staff check the rest at the door.  The old
-- CBFC "UA" (parental guidance under 12) sits in the new UA 13+ band.
-- certificate_ratings maps what a movie record's Rated field says
-- (OMDb: the MPAA's and the US TV board's marks, or a board's own) to a
-- code; a Rated value with no row ("Not Rated", "N/A") leaves the film
-- without a certificate until the admin sets one.  Import fills a film's
-- certificate only while it has none (lib/movie.c movie_upsert), so an
-- admin's choice survives every refresh.
CREATE TABLE certificates (
	code		TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 8),
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 16),
	min_age		INTEGER NOT NULL CHECK (min_age BETWEEN 0 AND 21),
	sort		INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE certificate_ratings (
	rated		TEXT PRIMARY KEY COLLATE NOCASE
			    CHECK (length(rated) BETWEEN 1 AND 16),
	code		TEXT NOT NULL REFERENCES certificates(code)
) WITHOUT ROWID;
INSERT INTO certificates (code, name, min_age, sort) VALUES
	('U', 'U', 0, 10),
	('UA7', 'UA 7+', 7, 20),
	('UA13', 'UA 13+', 13, 30),
	('UA16', 'UA 16+', 16, 40),
	('A', 'A', 18, 50),
	('S', 'S', 18, 60);		-- specialised audiences: see above
INSERT INTO certificate_ratings (rated, code) VALUES
	-- the MPAA's
	('G', 'U'), ('Approved', 'U'), ('Passed', 'U'), ('PG', 'UA7'),
	('GP', 'UA7'), ('M/PG', 'UA7'), ('M', 'UA13'), ('PG-13', 'UA13'),
	('R', 'A'), ('NC-17', 'A'), ('X', 'A'),
	-- the US TV board's
	('TV-Y', 'U'), ('TV-G', 'U'), ('TV-Y7', 'UA7'), ('TV-Y7-FV', 'UA7'),
	('TV-PG', 'UA7'), ('TV-14', 'UA16'), ('TV-MA', 'A'),
	-- the CBFC's own spellings
	('U', 'U'), ('U/A', 'UA13'), ('UA', 'UA13'), ('UA 7+', 'UA7'),
	('UA7+', 'UA7'), ('UA7', 'UA7'), ('UA 13+', 'UA13'),
	('UA13+', 'UA13'), ('UA13', 'UA13'), ('UA 16+', 'UA16'),
	('UA16+', 'UA16'), ('UA16', 'UA16'), ('A', 'A'), ('S', 'S');
ALTER TABLE movies ADD COLUMN certificate TEXT REFERENCES certificates(code);
UPDATE movies SET certificate = (SELECT code FROM certificate_ratings
    WHERE rated = trim(movies.rated))
WHERE certificate IS NULL;

-- migration 8: screens the manager can draw, seats for everyone (issue 15 items 3, 4)
-- A seat has a kind: standard; wheelchair (a space for a wheelchair, held
-- by a customer who says they need it); companion (the seat beside a
-- wheelchair space, companion_of, sold with it until
-- companion_release_minutes before the show); blocked (never sold: a
-- pillar, a broken seat for good).  The editor (lib/screen.h
-- screen_save) changes a layout by label: a seat it removes is retired,
-- not deleted, since booking_seats of past shows point at its id and
-- its label stays UNIQUE per screen; putting the label back revives the
-- row.  The writers decide everything inside their BEGIN IMMEDIATE; the
-- triggers are the last line, as in migration 5: no live seat row on a
-- kind-blocked or retired seat, and a companion points at a wheelchair
-- space of its own screen.  Every seat starts standard: the demo's
-- Wheelchair category stays a category (best available still passes it
-- over), and the manager makes its seats wheelchair spaces in the editor.
ALTER TABLE seats ADD COLUMN kind TEXT NOT NULL DEFAULT 'standard'
	CHECK (kind IN ('standard', 'wheelchair', 'companion', 'blocked'));
ALTER TABLE seats ADD COLUMN companion_of INTEGER REFERENCES seats(id)
	CHECK ((companion_of IS NOT NULL) = (kind = 'companion'));
ALTER TABLE seats ADD COLUMN retired_at INTEGER;
CREATE TRIGGER seats_companion_of_wheelchair
BEFORE INSERT ON seats
WHEN NEW.companion_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM seats w
	WHERE w.id = NEW.companion_of AND w.screen_id = NEW.screen_id
	AND w.kind = 'wheelchair' AND w.retired_at IS NULL)
BEGIN
	SELECT RAISE(ABORT, 'a companion seat is tied to a wheelchair space of its screen');
END;
CREATE TRIGGER seats_companion_of_wheelchair_update
BEFORE UPDATE OF companion_of, kind, retired_at ON seats
WHEN NEW.companion_of IS NOT NULL AND NEW.retired_at IS NULL AND NOT EXISTS
	(SELECT 1 FROM seats w WHERE w.id = NEW.companion_of AND w.screen_id =
	NEW.screen_id AND w.kind = 'wheelchair' AND w.retired_at IS NULL)
BEGIN
	SELECT RAISE(ABORT, 'a companion seat is tied to a wheelchair space of its screen');
END;
CREATE TRIGGER booking_seats_on_sale
BEFORE INSERT ON booking_seats
WHEN NEW.live = 1 AND EXISTS (SELECT 1 FROM seats se WHERE se.id =
	NEW.seat_id AND (se.kind = 'blocked' OR se.retired_at IS NOT NULL))
BEGIN
	SELECT RAISE(ABORT, 'a blocked or removed seat is never sold');
END;

-- migration 9: the seats on sale of a screen, counted from an index
-- Every show row of a listing counts its screen's seats on sale (not
-- retired, not kind blocked: seats_total); the day's file is written on
-- every hold.  Through the UNIQUE (screen_id, label) index that count read
-- each seat's row for its kind and retired_at; this partial index holds
-- exactly the seats on sale, so the count is an index-only scan.  A query
-- uses it only when its WHERE says the same words: se.retired_at IS NULL
-- AND se.kind <> 'blocked' (lib/show.c SHOW_SELECT).
CREATE INDEX seats_on_sale ON seats(screen_id)
	WHERE retired_at IS NULL AND kind <> 'blocked';
