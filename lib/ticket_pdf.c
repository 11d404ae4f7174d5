/* ticket_pdf — the PDF ticket; see ticket_pdf.h.
 *
 * libharu reports errors through a callback; ours records the error and
 * longjmps back to ticket_pdf_render, which frees the document.  PDF
 * coordinates start at the bottom left, in points (1/72 inch); the layout
 * below works down from the top with a y cursor. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hpdf.h>

#include "money.h"
#include "ticket_pdf.h"

#define PAGE_W		419.53f		/* A5 */
#define PAGE_H		595.28f
#define MARGIN		30.0f
#define BAND_H		72.0f
#define QR_MAX		165.0f		/* the QR's side, at most… */
#define QR_MIN		110.0f		/* …and at least (≈ 2.2 pt a module) */
#define QR_BOTTOM	86.0f		/* the QR's lowest edge */
#define LINE_MAX	400		/* bytes in one laid-out line */

struct rgb {
	float	 r, g, b;
};

static const struct rgb INK = { 0.106f, 0.118f, 0.157f };	/* #1b1e28 */
static const struct rgb MUTED = { 0.329f, 0.357f, 0.420f };	/* #545b6b */
static const struct rgb BAND = { 0.082f, 0.094f, 0.137f };	/* #151823 */
static const struct rgb WHITE = { 1.0f, 1.0f, 1.0f };
static const struct rgb ACCENT = { 1.0f, 0.541f, 0.239f };	/* #ff8a3d */
static const struct rgb RULE = { 0.835f, 0.851f, 0.886f };	/* #d5d9e2 */
static const struct rgb OK = { 0.082f, 0.420f, 0.200f };	/* #156b33 */
static const struct rgb INFO = { 0.122f, 0.310f, 0.612f };	/* #1f4f9c */

struct pdf {
	HPDF_Doc	 doc;
	HPDF_Page	 page;
	HPDF_Font	 reg, bold;
	jmp_buf		 jb;
	char		 why[160];
};

static void
on_error(HPDF_STATUS e, HPDF_STATUS detail, void *ud)
{
	struct pdf *p = ud;

	snprintf(p->why, sizeof(p->why), "libharu error 0x%04X (detail %u)",
	    (unsigned)e, (unsigned)detail);
	longjmp(p->jb, 1);
}

static float
width(struct pdf *p, HPDF_Font f, float size, const char *s)
{
	HPDF_Page_SetFontAndSize(p->page, f, size);
	return HPDF_Page_TextWidth(p->page, s);
}

static void
text(struct pdf *p, HPDF_Font f, float size, struct rgb c, float x, float y,
    const char *s)
{
	if (*s == '\0')
		return;
	HPDF_Page_SetRGBFill(p->page, c.r, c.g, c.b);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, f, size);
	HPDF_Page_TextOut(p->page, x, y, s);
	HPDF_Page_EndText(p->page);
}

static void
text_right(struct pdf *p, HPDF_Font f, float size, struct rgb c, float right,
    float y, const char *s)
{
	text(p, f, size, c, right - width(p, f, size, s), y, s);
}

static void
text_centre(struct pdf *p, HPDF_Font f, float size, struct rgb c, float y,
    const char *s)
{
	text(p, f, size, c, (PAGE_W - width(p, f, size, s)) / 2, y, s);
}

static void
rect(struct pdf *p, struct rgb c, float x, float y, float w, float h)
{
	HPDF_Page_SetRGBFill(p->page, c.r, c.g, c.b);
	HPDF_Page_Rectangle(p->page, x, y, w, h);
	HPDF_Page_Fill(p->page);
}

/* Length of the UTF-8 character at s, never past its NUL (the text comes
 * from the database, which holds validated UTF-8; this is a safety net). */
static size_t
u8len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t	 n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ?
	    3 : 4;

	for (size_t k = 1; k < n; k++)
		if (s[k] == '\0')
			return k;
	return n;
}

/* Shorten line (in place) until line + "…" fits maxw, then append "…". */
static void
ellipsize(struct pdf *p, HPDF_Font f, float size, char *line, float maxw)
{
	static const char dots[] = "\xE2\x80\xA6";	/* … */
	size_t	 n = strlen(line);

	if (n > LINE_MAX - sizeof(dots))
		n = LINE_MAX - sizeof(dots);
	while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
		n--;
	for (;;) {
		while (n > 0 && line[n - 1] == ' ')
			n--;
		memcpy(line + n, dots, sizeof(dots));	/* with its NUL */
		if (n == 0 || width(p, f, size, line) <= maxw)
			return;
		/* Drop one whole UTF-8 character. */
		do
			n--;
		while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80);
	}
}

/* Greedy word wrap of s into at most maxlines lines of width maxw.  A word
 * wider than a line is broken between characters.  Text left over is cut
 * with an ellipsis on the last line.  Returns the number of lines; *cut is
 * set when text was left over. */
static int
wrap(struct pdf *p, HPDF_Font f, float size, const char *s, float maxw,
    char lines[][LINE_MAX], int maxlines, int *cut)
{
	int	 n = 0;

	*cut = 0;
	while (*s == ' ')
		s++;
	while (*s != '\0') {
		char	*line = lines[n];
		const char *rest;
		/* Grow the line one character at a time; remember the last fit
		 * that ends a word and the last that ends a character. */
		size_t	 len = 0, fit = 0, word_fit = 0;

		while (s[len] != '\0') {
			size_t	 step = u8len(s + len);

			if (len + step >= LINE_MAX)
				break;
			memcpy(line, s, len + step);
			line[len + step] = '\0';
			if (width(p, f, size, line) > maxw)
				break;
			len += step;
			fit = len;
			if (s[len] == ' ' || s[len] == '\0')
				word_fit = len;
		}
		if (word_fit == 0)
			word_fit = fit > 0 ? fit : u8len(s);
		memcpy(line, s, word_fit);
		line[word_fit] = '\0';
		rest = s + word_fit;
		while (*rest == ' ')
			rest++;
		n++;
		s = rest;
		if (*s != '\0' && n == maxlines) {
			/* Out of lines: the last one shows it continues. */
			char	 more[LINE_MAX];

			snprintf(more, sizeof(more), "%s %s", line, s);
			more[sizeof(more) - 1] = '\0';
			snprintf(line, LINE_MAX, "%s", more);
			ellipsize(p, f, size, line, maxw);
			*cut = 1;
			break;
		}
	}
	return n;
}

/* The largest size from `from` down to `to` at which s fits on one line of
 * width maxw; at `to` it is cut with an ellipsis. */
static float
fit_line(struct pdf *p, HPDF_Font f, float from, float to, const char *s,
    float maxw, char out[LINE_MAX])
{
	float	 size;

	snprintf(out, LINE_MAX, "%s", s);
	for (size = from; size > to; size -= 0.5f)
		if (width(p, f, size, out) <= maxw)
			return size;
	if (width(p, f, to, out) > maxw)
		ellipsize(p, f, to, out, maxw);
	return to;
}

/* The movie title: 22 pt on up to two lines, else 17 pt on up to two, else
 * 14 pt on up to three with an ellipsis.  Returns the new y. */
static float
draw_title(struct pdf *p, const char *title, float y)
{
	static const struct { float size; int lines; } tries[] = {
		{ 22, 2 }, { 17, 2 }, { 14, 3 } };
	char	 lines[3][LINE_MAX];
	float	 maxw = PAGE_W - 2 * MARGIN;
	int	 n = 0, cut = 1;
	size_t	 i;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		n = wrap(p, p->bold, tries[i].size, title, maxw, lines,
		    tries[i].lines, &cut);
		if (!cut)
			break;
	}
	if (i == sizeof(tries) / sizeof(tries[0]))
		i--;
	for (int k = 0; k < n; k++) {
		y -= tries[i].size * 1.15f;
		text(p, p->bold, tries[i].size, INK, MARGIN, y, lines[k]);
	}
	return y;
}

/* A labelled value in a column: small grey label, value underneath on one
 * line (smaller type when long), or on two lines of small type when even
 * that does not fit (a 70-character name). */
static void
field(struct pdf *p, float x, float y, float w, const char *label,
    const char *value, HPDF_Font f, struct rgb c)
{
	char	 line[LINE_MAX], two[2][LINE_MAX];
	float	 size;
	int	 n, cut;

	text(p, p->reg, 7.5f, MUTED, x, y, label);
	snprintf(line, sizeof(line), "%s", value);
	for (size = 12.5f; size > 10.0f; size -= 0.5f)
		if (width(p, f, size, line) <= w - 8) {
			text(p, f, size, c, x, y - 15, line);
			return;
		}
	n = wrap(p, f, 9.5f, value, w - 8, two, 2, &cut);
	for (int k = 0; k < n; k++)
		text(p, f, 9.5f, c, x, y - 13 - (float)k * 11, two[k]);
}

static void
draw_qr(struct pdf *p, const struct ticket_qr *q, float x, float y, float side)
{
	float	 m = side / (float)(q->width + 2 * TICKET_QR_QUIET);
	float	 ox = x + m * TICKET_QR_QUIET, top = y + side - m * TICKET_QR_QUIET;

	rect(p, WHITE, x, y, side, side);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	/* One rectangle per horizontal run of dark modules: exact squares,
	 * drawn as vectors, so the code stays sharp at any size. */
	for (int my = 0; my < q->width; my++) {
		for (int mx = 0; mx < q->width; mx++) {
			int	 run = 0;

			while (ticket_qr_is_dark(q, mx + run, my))
				run++;
			if (run == 0)
				continue;
			HPDF_Page_Rectangle(p->page, ox + m * (float)mx,
			    top - m * (float)(my + 1), m * (float)run, m);
			mx += run;
		}
	}
	HPDF_Page_Fill(p->page);
}

/* The band: the cinema's name and how many the ticket admits. */
static void
draw_band(struct pdf *p, const struct ticket *t,
    const struct ticket_pdf_opts *o)
{
	char	 s[LINE_MAX], s2[LINE_MAX];

	rect(p, BAND, 0, PAGE_H - BAND_H, PAGE_W, BAND_H);
	rect(p, ACCENT, 0, PAGE_H - BAND_H, PAGE_W, 3);
	snprintf(s2, sizeof(s2), "ADMIT %d", t->nseats);
	text(p, p->bold, fit_line(p, p->bold, 18, 10, o->cinema,
	    PAGE_W - 2 * MARGIN - width(p, p->bold, 14, s2) - 16, s), WHITE,
	    MARGIN, PAGE_H - 38, s);
	text(p, p->reg, 8.5f, ACCENT, MARGIN, PAGE_H - 55, "MOVIE TICKET");
	text_right(p, p->bold, 14, ACCENT, PAGE_W - MARGIN, PAGE_H - 38, s2);
}

/* Title, then the show in words and a rule under them.  Returns the y of
 * the rule. */
static float
draw_heading(struct pdf *p, const struct ticket *t)
{
	char	 s[LINE_MAX], s2[LINE_MAX];
	float	 y;

	y = draw_title(p, t->title, PAGE_H - BAND_H - 10);
	/* The film's certificate first: the door checks it against the
	 * faces as it checks the seats against the hall. */
	if (t->cert.code[0] != '\0')
		snprintf(s2, sizeof(s2), "Certificate %s \xC2\xB7 %s show "
		    "\xC2\xB7 %s", t->cert.name, t->slot, t->screen);
	else
		snprintf(s2, sizeof(s2), "%s show \xC2\xB7 %s", t->slot,
		    t->screen);
	fit_line(p, p->reg, 10, 7, s2, PAGE_W - 2 * MARGIN, s);
	y -= 16;
	text(p, p->reg, 10, MUTED, MARGIN, y, s);
	y -= 12;
	rect(p, RULE, MARGIN, y, PAGE_W - 2 * MARGIN, 0.8f);
	return y;
}

/* The screen, and the seats in the right column: one line at 12.5 pt, or
 * up to four at 9 (a booking has at most 50).  Returns y moved down by the
 * lines past the first. */
static float
draw_seats(struct pdf *p, const struct ticket *t, float x2, float colw,
    float y)
{
	char	 seats[TICKET_SEATS_MAX * (TICKET_SEAT_LEN + TICKET_TYPE_LEN +
		     3) + 1];
	char	 s[LINE_MAX], lines[4][LINE_MAX];
	float	 size = 12.5f;
	int	 n, cut;

	text(p, p->reg, 7.5f, MUTED, MARGIN, y, "SCREEN");
	text(p, p->bold, 12.5f, INK, MARGIN, y - 15, t->screen);
	snprintf(s, sizeof(s), "SEATS (%d)", t->nseats);
	text(p, p->reg, 7.5f, MUTED, x2, y, s);
	ticket_seats_text(t, seats, sizeof(seats));
	n = wrap(p, p->bold, size, seats, colw - 8, lines, 1, &cut);
	if (cut) {
		size = 9;
		n = wrap(p, p->bold, size, seats, colw - 8, lines, 4, &cut);
	}
	for (int k = 0; k < n; k++)
		text(p, p->bold, size, INK, x2, y - 15 - (float)k * size * 1.2f,
		    lines[k]);
	if (n > 1)
		y -= (float)(n - 1) * size * 1.2f;
	return y;
}

/* The two columns of labelled values under the rule at y.  Returns the y
 * of the last row. */
static float
draw_fields(struct pdf *p, const struct ticket *t,
    const struct ticket_pdf_opts *o, float y)
{
	char	 s[LINE_MAX], day[64], start[16], end[16];
	float	 colw = (PAGE_W - 2 * MARGIN) / 2, x2 = MARGIN + colw;

	ticket_day_text(t->starts_at, day, sizeof(day));
	ticket_time_text(t->starts_at, start, sizeof(start));
	ticket_time_text(t->ends_at, end, sizeof(end));
	y -= 18;
	field(p, MARGIN, y, colw, "DATE", day, p->bold, INK);
	snprintf(s, sizeof(s), "%s  (ends %s)", start, end);
	field(p, x2, y, colw, "START TIME", s, p->bold, INK);

	y = draw_seats(p, t, x2, colw, y - 36);

	y -= 36;
	money_format(t->amount, o->currency, 1, s, sizeof(s));
	field(p, MARGIN, y, colw, "AMOUNT PAID", s, p->bold, INK);
	ticket_payment_text(t, s, sizeof(s));
	field(p, x2, y, colw, "PAYMENT", s, p->reg, INK);

	y -= 36;
	field(p, MARGIN, y, colw, t->walkin ? "CUSTOMER (WALK-IN)" : "CUSTOMER",
	    t->customer, p->reg, INK);
	snprintf(s, sizeof(s), "%lld", t->booking_id);
	field(p, x2, y, colw, "BOOKING ID", s, p->bold, INK);

	y -= 40;	/* room for a name on two lines */
	ticket_day_text(t->created_at, day, sizeof(day));
	ticket_time_text(t->created_at, start, sizeof(start));
	snprintf(s, sizeof(s), "%s, %s", day, start);
	field(p, MARGIN, y, colw, "BOOKED AT", s, p->reg, INK);
	field(p, x2, y, colw, "STATUS", ticket_status_text(t->status), p->bold,
	    strcmp(t->status, "checked_in") == 0 ? INFO : OK);
	return y;
}

/* The QR in the space left above QR_BOTTOM (long titles and seat lists
 * take some), then what to do with it. */
static void
draw_footer(struct pdf *p, const struct ticket *t, const struct ticket_qr *q,
    const struct ticket_pdf_opts *o, float y)
{
	char	 s[LINE_MAX], s2[LINE_MAX], start[16];
	float	 qr;

	qr = y - QR_BOTTOM;
	qr = qr > QR_MAX ? QR_MAX : qr < QR_MIN ? QR_MIN : qr;
	draw_qr(p, q, (PAGE_W - qr) / 2, QR_BOTTOM, qr);
	text_centre(p, p->bold, 12, INK, QR_BOTTOM - 14,
	    "Scan this at the entrance");
	ticket_time_text(t->starts_at, start, sizeof(start));
	snprintf(s, sizeof(s), "Booking %lld \xC2\xB7 show starts %s", t->booking_id,
	    start);
	text_centre(p, p->reg, 9, MUTED, QR_BOTTOM - 28, s);
	rect(p, RULE, MARGIN, 40, PAGE_W - 2 * MARGIN, 0.8f);
	snprintf(s, sizeof(s), "Check-in opens %d minutes before the show "
	    "starts. Show this page on paper or on your phone.",
	    o->opens_minutes);
	fit_line(p, p->reg, 7.5f, 6, s, PAGE_W - 2 * MARGIN, s2);
	text_centre(p, p->reg, 7.5f, MUTED, 26, s2);
}

/* The page, top to bottom. */
static void
layout(struct pdf *p, const struct ticket *t, const struct ticket_qr *q,
    const struct ticket_pdf_opts *o)
{
	float	 y;

	draw_band(p, t, o);
	y = draw_heading(p, t);
	y = draw_fields(p, t, o, y);
	draw_footer(p, t, q, o, y - 36);
}

const char *
ticket_pdf_font(const char *configured, const char *name, const char *fallback,
    char *out, size_t n)
{
	char	 exe[512], *slash;
	ssize_t	 k;

	if (configured != NULL && *configured != '\0')
		return configured;
	if ((k = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return fallback;
	exe[k] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return fallback;
	*slash = '\0';
	if (snprintf(out, n, "%s/../fonts/%s", exe, name) >= (int)n ||
	    access(out, R_OK) != 0)
		return fallback;
	return out;
}

int
ticket_pdf_render(const struct ticket *t, const struct ticket_qr *q,
    const struct ticket_pdf_opts *o, struct buf *out, char *why, size_t whysz)
{
	/* volatile: read after longjmp. */
	struct pdf *volatile pp;
	struct pdf p;
	HPDF_UINT32 size, got;
	unsigned char *data;
	const char *rn, *bn;
	char	 title[64];

	memset(&p, 0, sizeof(p));
	pp = &p;
	if (access(o->font, R_OK) != 0 || access(o->font_bold, R_OK) != 0) {
		snprintf(why, whysz, "ticket font %s or %s is not readable",
		    o->font, o->font_bold);
		return -1;
	}
	if ((p.doc = HPDF_New(on_error, &p)) == NULL) {
		snprintf(why, whysz, "libharu: out of memory");
		return -1;
	}
	if (setjmp(p.jb)) {
		snprintf(why, whysz, "%s", pp->why);
		HPDF_Free(pp->doc);
		return -1;
	}
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.doc);
	HPDF_SetCurrentEncoder(p.doc, "UTF-8");
	rn = HPDF_LoadTTFontFromFile(p.doc, o->font, HPDF_TRUE);
	bn = HPDF_LoadTTFontFromFile(p.doc, o->font_bold, HPDF_TRUE);
	p.reg = HPDF_GetFont(p.doc, rn, "UTF-8");
	p.bold = HPDF_GetFont(p.doc, bn, "UTF-8");
	/* Info strings are ASCII: they are not set in the embedded font. */
	snprintf(title, sizeof(title), "Ticket %lld", t->booking_id);
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "SkyFox Cinema");
	p.page = HPDF_AddPage(p.doc);
	HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A5, HPDF_PAGE_PORTRAIT);
	layout(&p, t, q, o);
	HPDF_SaveToStream(p.doc);
	size = HPDF_GetStreamSize(p.doc);
	if ((data = malloc(size)) == NULL) {
		snprintf(why, whysz, "out of memory for a %u-byte PDF",
		    (unsigned)size);
		HPDF_Free(p.doc);
		return -1;
	}
	got = size;
	HPDF_ResetStream(p.doc);
	HPDF_ReadFromStream(p.doc, data, &got);
	buf_append(out, data, got);
	free(data);
	HPDF_Free(p.doc);
	if (!buf_ok(out) || got != size) {
		snprintf(why, whysz, "could not copy the PDF out of libharu");
		return -1;
	}
	return 0;
}
