/* skyfox-image — turn an uploaded photo into a profile picture.
 *
 *   skyfox-image < photo > avatar.jpg
 *
 * Reads at most 5 MB from stdin; accepts only JPEG, PNG and WebP, told by
 * their magic bytes before any decoder runs; reads the dimensions first
 * (ping) and refuses more than 40 megapixels, so a decompression bomb is
 * never decoded; decodes under ImageMagick resource limits (memory, area,
 * disk, one thread, a time limit); applies the EXIF orientation,
 * crops the centre square, scales to 320×320, flattens transparency on
 * white, strips every profile and comment, and writes a JPEG to stdout.
 *
 * Exit status: 0 done; 2 not an acceptable image (wrong format, corrupt,
 * too many pixels); 3 over 5 MB; 4 out of time or resources (no verdict
 * on the photo: the caller answers 503); 1 anything else.  One line on stderr
 * says why (it lands in Apache's error log).
 *
 * A separate program so that the CGIs never load MagickWand (≈60 shared
 * objects, DESIGN §9) and a decoder bug stays in this short-lived,
 * rlimited process.  lib/avatar.c runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* ImageMagick 6's headers have an old-style declaration. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <wand/MagickWand.h>
#pragma GCC diagnostic pop

#define MAX_BYTES	(5u * 1024 * 1024)
#define MAX_PIXELS	40000000ull
#define MAX_SIDE	20000
#define OUT_SIDE	320
/* Heap for the pixel cache; beyond it the cache is a memory-mapped file,
 * then a plain temporary file (DiskResource).  A 40 MP picture at 16 bits
 * per channel is ~320 MB: it no longer sits in anonymous memory, so a few
 * decodes at once cannot take the machine's RAM (measured: 433 MB peak
 * RSS per 39.7 MP PNG with 512 MB allowed). */
#ifndef MAX_MEMORY
#define MAX_MEMORY	(64ull << 20)
#endif
#ifndef MAX_MAP
#define MAX_MAP		(128ull << 20)
#endif

enum { OK = 0, FAIL = 1, INVALID = 2, TOO_BIG = 3, BUSY = 4 };

static int
die(int code, const char *why)
{
	fprintf(stderr, "skyfox-image: %s\n", why);
	return code;
}

/* die() with ImageMagick's own reason appended.  Running out of a
 * resource limit (time, memory, disk) says nothing about the photo: BUSY,
 * not the verdict code. */
static int
die_wand(int code, const char *why, MagickWand *w)
{
	ExceptionType t = UndefinedException;
	char	*m = MagickGetException(w, &t);

	fprintf(stderr, "skyfox-image: %s: %s\n", why, m ? m : "?");
	MagickRelinquishMemory(m);
	if (t == ResourceLimitError || t == ResourceLimitFatalError)
		return BUSY;
	return code;
}

/* ImageMagick ends the process itself on a fatal error (its time limit
 * is one): say which kind with our exit status. */
static void
on_fatal(const ExceptionType t, const char *reason, const char *detail)
{
	fprintf(stderr, "skyfox-image: %s%s%s\n", reason ? reason : "fatal",
	    detail ? ": " : "", detail ? detail : "");
	_exit(t == ResourceLimitFatalError ? BUSY : INVALID);
}

/* The format by magic bytes; NULL when it is none of ours. */
static const char *
sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "JPEG";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "PNG";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return "WEBP";
	return NULL;
}

static unsigned char *
read_all(size_t *n, int *too_big)
{
	unsigned char *p = malloc(MAX_BYTES + 1);
	size_t	 len = 0;
	ssize_t	 k;

	*too_big = 0;
	if (p == NULL)
		return NULL;
	while (len <= MAX_BYTES &&
	    (k = read(STDIN_FILENO, p + len, MAX_BYTES + 1 - len)) > 0)
		len += (size_t)k;
	if (len > MAX_BYTES)
		*too_big = 1;
	*n = len;
	return p;
}

static void
limits(void)
{
	MagickSetResourceLimit(MemoryResource, MAX_MEMORY);
	MagickSetResourceLimit(MapResource, MAX_MAP);
	/* Debian's policy.xml caps memory at 256 MiB, less than a 40 MP
	 * picture needs at 16 bits per channel: the rest of the pixel cache
	 * may spill to a temporary file, bounded here. */
	MagickSetResourceLimit(DiskResource, 1ull << 30);
	MagickSetResourceLimit(AreaResource, MAX_PIXELS);
	MagickSetResourceLimit(WidthResource, MAX_SIDE);
	MagickSetResourceLimit(HeightResource, MAX_SIDE);
	MagickSetResourceLimit(ThreadResource, 1);
	MagickSetResourceLimit(TimeResource, 10);
	MagickSetResourceLimit(ListLengthResource, 16);
}

static int
convert(const unsigned char *in, size_t n, const char *format)
{
	MagickWand *w = NewMagickWand();
	PixelWand *white = NewPixelWand();
	size_t	 width, height, side, outlen;
	unsigned char *out;
	char	*got;
	int	 rc = INVALID;

	/* Ping: the header's dimensions, no pixels decoded. */
	MagickSetFormat(w, format);
	if (MagickPingImageBlob(w, in, n) == MagickFalse) {
		rc = die_wand(INVALID, "not a readable image", w);
		goto done;
	}
	got = MagickGetImageFormat(w);
	if (got == NULL || strcmp(got, format) != 0) {
		MagickRelinquishMemory(got);
		rc = die(INVALID, "format does not match its magic bytes");
		goto done;
	}
	MagickRelinquishMemory(got);
	width = MagickGetImageWidth(w);
	height = MagickGetImageHeight(w);
	if (width == 0 || height == 0 ||
	    (unsigned long long)width * height > MAX_PIXELS) {
		rc = die(INVALID, "more than 40 megapixels");
		goto done;
	}
	ClearMagickWand(w);
	MagickSetFormat(w, format);
	/* JPEG: let libjpeg decode at a reduced scale when the photo is much
	 * larger than we need (it picks 1/2 … 1/8, never below this). */
	if (strcmp(format, "JPEG") == 0)
		MagickSetOption(w, "jpeg:size", "640x640");
	if (MagickReadImageBlob(w, in, n) == MagickFalse) {
		rc = die_wand(INVALID, "cannot decode the image", w);
		goto done;
	}
	MagickSetFirstIterator(w);		/* animations: frame one */
	while (MagickGetNumberImages(w) > 1) {
		MagickSetLastIterator(w);
		MagickRemoveImage(w);
	}
	MagickSetFirstIterator(w);
	MagickAutoOrientImage(w);
	width = MagickGetImageWidth(w);
	height = MagickGetImageHeight(w);
	side = width < height ? width : height;
	/* (A square picture needs no crop: cropping copies every pixel.) */
	if ((width != height && MagickCropImage(w, side, side,
	    (ssize_t)(width - side) / 2, (ssize_t)(height - side) / 2) ==
	    MagickFalse) ||
	    MagickSetImagePage(w, side, side, 0, 0) == MagickFalse ||
	    MagickResizeImage(w, OUT_SIDE, OUT_SIDE, LanczosFilter, 1.0) ==
	    MagickFalse) {
		rc = die(INVALID, "cannot crop or scale");
		goto done;
	}
	PixelSetColor(white, "white");
	MagickSetImageBackgroundColor(w, white);
	MagickSetImageAlphaChannel(w, RemoveAlphaChannel);
	MagickTransformImageColorspace(w, sRGBColorspace);
	MagickStripImage(w);			/* EXIF, ICC, XMP, comments */
	MagickSetFormat(w, "JPEG");
	MagickSetImageFormat(w, "JPEG");
	MagickSetImageCompressionQuality(w, 85);
	MagickSetInterlaceScheme(w, NoInterlace);
	if ((out = MagickGetImageBlob(w, &outlen)) == NULL || outlen == 0) {
		rc = die(FAIL, "cannot encode JPEG");
		goto done;
	}
	rc = fwrite(out, 1, outlen, stdout) == outlen && fflush(stdout) == 0 ?
	    OK : die(FAIL, "cannot write the output");
	MagickRelinquishMemory(out);
done:
	DestroyPixelWand(white);
	DestroyMagickWand(w);
	return rc;
}

/* In the release bundle (make dist) ImageMagick's coders and configuration
 * travel in skyfox/lib/ImageMagick/ beside this program's ../lib: point
 * ImageMagick there, before it looks for them, so a host without
 * ImageMagick converts photos too.  A system install has no such folder
 * and keeps ImageMagick's own paths. */
static void
use_bundled_magick(void)
{
	char	 exe[1024], dir[1200];
	ssize_t	 n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char	*slash;

	if (n <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../lib/ImageMagick/coders", exe);
	if (access(dir, R_OK | X_OK) != 0)
		return;
	setenv("MAGICK_CODER_MODULE_PATH", dir, 1);
	snprintf(dir, sizeof(dir), "%s/../lib/ImageMagick/config", exe);
	setenv("MAGICK_CONFIGURE_PATH", dir, 1);
}

int
main(void)
{
	unsigned char *in;
	size_t	 n;
	int	 too_big, rc;
	const char *format;

	if ((in = read_all(&n, &too_big)) == NULL)
		return die(FAIL, "out of memory");
	if (too_big)
		return die(TOO_BIG, "over 5 MB");
	if ((format = sniff(in, n)) == NULL)
		return die(INVALID, "not a JPEG, PNG or WebP file");
	use_bundled_magick();
	MagickWandGenesis();
	SetFatalErrorHandler(on_fatal);
	limits();
	rc = convert(in, n, format);
	MagickWandTerminus();
	free(in);
	return rc;
}
