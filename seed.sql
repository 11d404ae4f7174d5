-- Reference data every install needs (idempotent: INSERT OR IGNORE).
-- Demo users, movies and shows are made by `skyfoxctl seed --demo`, which
-- computes dates in the cinema's time zone.

INSERT OR IGNORE INTO security_questions (id, question) VALUES
	(1, 'What was the name of your first pet?'),
	(2, 'In which city were you born?'),
	(3, 'What is your mother''s maiden name?'),
	(4, 'What was the name of your first school?'),
	(5, 'What was the make of your first car or bicycle?'),
	(6, 'What is the first film you saw in a cinema?'),
	(7, 'What was your childhood nickname?'),
	(8, 'What is the name of the street you grew up on?'),
	(9, 'What was the name of your favourite teacher?'),
	(10, 'What is your favourite dish from your home town?');

INSERT OR IGNORE INTO slots (id, name, start_min, end_min) VALUES
	(1, 'Morning', 510, 690),	-- 08:30–11:30
	(2, 'Afternoon', 750, 930),	-- 12:30–15:30
	(3, 'Evening', 990, 1170),	-- 16:30–19:30
	(4, 'Night', 1230, 1410);	-- 20:30–23:30

INSERT OR IGNORE INTO seat_categories (id, name, price_offset) VALUES
	(1, 'Standard', 0),
	(2, 'Deluxe', 15000);

-- Screen 1: rows A–J × seats 1–10; A–E Standard, F–J Deluxe.
INSERT OR IGNORE INTO screens (id, name) VALUES (1, 'Screen 1');
WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < 9),
     n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 10)
INSERT OR IGNORE INTO seats (screen_id, row_label, number, label, category_id,
    grid_row, grid_col)
SELECT 1, char(65 + i), j, char(65 + i) || j, CASE WHEN i < 5 THEN 1 ELSE 2 END,
    i + 1, j
FROM r, n;

-- Screen 2: another shape, so nothing assumes 100 seats or 10 a row.
-- Rows B–H × seats 1–12 with a centre aisle (grid column 7 is empty);
-- B–F Standard, G–H Deluxe.  Row A, at the front: six wheelchair spaces,
-- each with an empty grid column beside it for a companion.  90 seats.
INSERT OR IGNORE INTO seat_categories (id, name, price_offset) VALUES
	(3, 'Wheelchair', 0);
INSERT OR IGNORE INTO screens (id, name) VALUES (2, 'Screen 2');
WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 6)
INSERT OR IGNORE INTO seats (screen_id, row_label, number, label, category_id,
    grid_row, grid_col)
SELECT 2, 'A', j, 'A' || j, 3, 1, CASE WHEN j <= 3 THEN 2 * j - 1 ELSE 2 * j + 1 END
FROM n;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 7),
     n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 12)
INSERT OR IGNORE INTO seats (screen_id, row_label, number, label, category_id,
    grid_row, grid_col)
SELECT 2, char(65 + i), j, char(65 + i) || j, CASE WHEN i <= 5 THEN 1 ELSE 2 END,
    i + 1, j + (j > 6)
FROM r, n;
