/* avatar — profile photos (DESIGN §7 "Profile photo").
 *
 * A photo arrives as bytes (multipart file or base64 in JSON) with the
 * SHA-256 the browser computed.  avatar_accept() is the whole way in for
 * an upload: it decodes, checks size and hash, hands the bytes to the image
 * helper (libexec/skyfox-image, a separate program: MagickWand's ~60 shared
 * objects never load into a CGI, and a decoder crash or runaway kills only
 * the helper) and stores the result as a temp file.  The helper accepts
 * JPEG, PNG and WebP by their magic bytes, refuses more than 40 megapixels
 * before decoding, and writes a 320×320 centre-cropped JPEG without
 * metadata; it runs under a wall-clock timeout.
 *
 * Functions that can fail for a reason the caller reports return 0, or -1
 * with struct avatar_fail saying why (booking_fail style); the small steps
 * return enum avatar_err.  Turning either into an HTTP answer is cgi-bin's
 * business.
 *
 * Decoding runs in at most WORKSLOT_IMAGE_SLOTS image slots (workslot.h);
 * no slot in time, or a helper killed for time, is AVATAR_BUSY (try again
 * later) — never a verdict on the photo.
 *
 * Photos live in <data_dir>/avatars/<32 random hex>.jpg, outside the
 * document root.  A new photo is written as <name>.tmp, which nothing
 * serves, and renamed to <name> only after the database commit that points
 * an account at it (avatar_commit; avatar_discard on failure): a crash at
 * any point leaves nothing reachable.  What a crash does leave — temp
 * files, photos no account references — avatar_strays() finds (skyfoxctl
 * check) and sweeps (cron/sweep-avatars) once older than
 * AVATAR_STRAY_AGE.  Browsers get them only through a URL signed with the
 * site key (HMAC-SHA-256 over name and expiry), valid at least 24 hours
 * (avatar_link, shown by avatar_json; avatar_fetch serves them):
 *   /api/avatars/<name>?expires=<unix>&sig=<base64url>
 *
 * Configuration: image_helper (path; default ../libexec/skyfox-image next
 * to the running binary), image_timeout (seconds, 10). */
#ifndef SKYFOX_AVATAR_H
#define SKYFOX_AVATAR_H

#include <stddef.h>
#include <time.h>

#include <sqlite3.h>

#include "buf.h"
#include "config.h"
#include "json.h"

#define AVATAR_MAX_BYTES	(5u * 1024 * 1024)
#define AVATAR_URL_SECONDS	(24 * 60 * 60)
/* The largest expiry a link may carry: 12 digits. */
#define AVATAR_EXPIRES_MAX	999999999999LL
#define AVATAR_NAME_LEN		37	/* 32 hex + ".jpg" + NUL */
#define AVATAR_SIG_LEN		44	/* base64url of 32 bytes + NUL */
#define AVATAR_STRAY_AGE	3600	/* seconds before a stray is swept */
#define AVATAR_URL_LEN		200	/* a signed path, ~120 bytes */

enum avatar_err {
	AVATAR_OK = 0,
	AVATAR_MISSING,		/* the upload carries no photo */
	AVATAR_TOO_LARGE,	/* over AVATAR_MAX_BYTES, or too many pixels */
	AVATAR_BAD_ENCODING,	/* not base64 */
	AVATAR_BAD_HASH,	/* the bytes do not match their SHA-256 */
	AVATAR_INVALID,		/* not an image we take (avatar_read: no file) */
	AVATAR_INTERNAL,	/* helper missing, out of memory, disk */
	AVATAR_BUSY,		/* no image slot, or out of time: no verdict */
	AVATAR_NO_KEY,		/* the site key cannot be read: no links */
	AVATAR_BAD_LINK,	/* a link's signature is wrong, or it expired */
	AVATAR_NOT_FOUND,	/* a good link to a photo that is not there */
	AVATAR_UNREADABLE,	/* a stored photo that cannot be read */
	AVATAR_DB		/* SQLite said no: avatar_fail.rc */
};

struct avatar_fail {
	enum avatar_err	 err;		/* never AVATAR_OK on -1 */
	int		 rc;		/* AVATAR_DB: the SQLite code */
};

/* A photo as a request brings it: the bytes of a multipart file part, or
 * else base64 text (a JSON field); with the hex SHA-256 the browser
 * computed over the bytes, so damage on the way is caught. */
struct avatar_upload {
	const void	*file;		/* the file part, or NULL: none */
	size_t		 file_len;
	const char	*base64;	/* else this, or NULL */
	const char	*sha256;	/* or NULL */
};

/* Take an uploaded photo in: its bytes (AVATAR_MISSING when there are
 * none, _TOO_LARGE, _BAD_ENCODING), their hash (_BAD_HASH), the helper
 * (_INVALID, _TOO_LARGE, _BUSY, _INTERNAL), then a temp file under a new
 * name (name: AVATAR_NAME_LEN bytes; _INTERNAL).  The caller makes it
 * the photo with avatar_commit() after its database commit, or
 * avatar_discard()s it.  0, or -1 with f->err set. */
int	 avatar_accept(const struct conf *, const struct avatar_upload *,
	    char name[AVATAR_NAME_LEN], struct avatar_fail *);

/* A stored photo as the API shows it: its signed URL and when that stops
 * working. */
struct avatar_link {
	char	 url[AVATAR_URL_LEN];
	time_t	 expires_at;
};
/* The link to name signed with the site key (avatar_url).  0, or -1 with
 * AVATAR_NO_KEY. */
int	 avatar_link(const struct conf *, const char *name, time_t now,
	    struct avatar_link *, struct avatar_fail *);
/* {"url": …, "expires_at": ISO 8601}. */
cJSON	*avatar_json(const struct avatar_link *);
/* A stored photo through its link (name, expires and sig as the URL
 * spells them): the site key (AVATAR_NO_KEY), the signature and expiry
 * (AVATAR_BAD_LINK), then the file (AVATAR_NOT_FOUND, _UNREADABLE) into
 * jpeg, and the link's expiry into *expires_at.  0, or -1 with f->err
 * set. */
int	 avatar_fetch(const struct conf *, const char *name,
	    const char *expires, const char *sig, time_t now, struct buf *jpeg,
	    long long *expires_at, struct avatar_fail *);

/* --- the steps of avatar_accept, one by one (tests call them) --------- */

/* Decode a base64 photo (an optional "data:…;base64," prefix and line
 * breaks are accepted) into out; AVATAR_TOO_LARGE past the limit. */
enum avatar_err avatar_decode_base64(const char *s, struct buf *out);
/* 1 when hex is the lowercase or uppercase hex SHA-256 of p[0..n). */
int	 avatar_hash_matches(const void *p, size_t n, const char *hex);
/* Size check, then the helper: jpeg gets the 320×320 JPEG. */
enum avatar_err avatar_process(const struct conf *, const void *, size_t,
	    struct buf *jpeg);
/* Write jpeg under a new random name (name: AVATAR_NAME_LEN bytes) as a
 * temp file; then avatar_commit() after the database commit, or
 * avatar_discard(). */
enum avatar_err avatar_store(const struct conf *, const void *, size_t,
	    char name[AVATAR_NAME_LEN]);
/* The temp file of name becomes the photo name.  AVATAR_OK or _INTERNAL. */
enum avatar_err avatar_commit(const struct conf *, const char *name);
/* Delete name's temp file (best effort). */
void	 avatar_discard(const struct conf *, const char *name);
/* Delete a stored photo (best effort; a bad name is ignored). */
void	 avatar_remove(const struct conf *, const char *name);

struct avatar_stray_stats {
	int		 files;		/* ours in the directory */
	int		 strays;	/* temp or unreferenced, old enough */
	long long	 bytes;		/* their size */
	int		 removed;	/* strays deleted (sweep) */
	int		 fresh;		/* temp or unreferenced, too young */
	int		 unfinished;	/* referenced, but only as a temp file */
	int		 finished;	/* of those, renamed into place (sweep) */
};
/* Scan <data_dir>/avatars: temp files and photos no account references,
 * last modified min_age seconds or more before now, are strays; with sweep
 * they are deleted (and a committed photo whose rename was lost is put in
 * place).  Files not named like ours are left alone.  0, or -1 with
 * AVATAR_INTERNAL (the directory cannot be read) or AVATAR_DB; the stats
 * count what was done before it stopped. */
int	 avatar_strays(sqlite3 *, const struct conf *, time_t now,
	    int min_age, int sweep, struct avatar_stray_stats *,
	    struct avatar_fail *);
/* Read a stored photo.  AVATAR_OK, AVATAR_INVALID (no such file). */
enum avatar_err avatar_read(const struct conf *, const char *name,
	    struct buf *out);
/* 1 when name looks like one of ours (32 hex + ".jpg"). */
int	 avatar_name_ok(const char *name);

/* The signed path for name, valid from now for at least
 * AVATAR_URL_SECONDS (the expiry is rounded up to the hour, so a page
 * asked twice gets the same URL and the browser cache works). */
void	 avatar_url(const unsigned char key[32], const char *name, time_t now,
	    char *out, size_t outsz, time_t *expires);
void	 avatar_sign(const unsigned char key[32], const char *name,
	    long long expires, char sig[AVATAR_SIG_LEN]);
/* 1 when sig is name+expires's signature and expires is after now. */
int	 avatar_verify(const unsigned char key[32], const char *name,
	    const char *expires, const char *sig, time_t now);

#endif
