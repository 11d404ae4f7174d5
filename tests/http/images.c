/* images — test photos; see images.h. */
#include <check.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <wand/MagickWand.h>
#pragma GCC diagnostic pop

#include "buf.h"
#include "images.h"

unsigned char *
img_make(const char *format, int w, int h, int noise, const char *comment,
    size_t *n)
{
	MagickWand *m;
	PixelWand *p;
	DrawingWand *d;
	unsigned char *blob, *copy;

	MagickWandGenesis();
	m = NewMagickWand();
	p = NewPixelWand();
	d = NewDrawingWand();
	PixelSetColor(p, "#2a6fdb");
	ck_assert(MagickNewImage(m, (size_t)w, (size_t)h, p) == MagickTrue);
	/* Something to look at: a yellow disc in the middle. */
	PixelSetColor(p, "#f5c518");
	DrawSetFillColor(d, p);
	DrawCircle(d, w / 2.0, h / 2.0, w / 2.0, h / 2.0 + (w < h ? w : h) / 4.0);
	MagickDrawImage(m, d);
	if (noise)
		MagickAddNoiseImage(m, UniformNoise);
	if (comment != NULL)
		MagickCommentImage(m, comment);
	MagickSetImageFormat(m, format);
	if (noise && strcmp(format, "JPEG") == 0)
		MagickSetImageCompressionQuality(m, 98);
	blob = MagickGetImageBlob(m, n);
	ck_assert_ptr_nonnull(blob);
	copy = malloc(*n);
	memcpy(copy, blob, *n);
	MagickRelinquishMemory(blob);
	DestroyDrawingWand(d);
	DestroyPixelWand(p);
	DestroyMagickWand(m);
	return copy;
}

static void
png_to_buf(png_structp png, png_bytep data, png_size_t len)
{
	buf_append(png_get_io_ptr(png), data, len);
}

unsigned char *
img_png_bomb(int w, int h, size_t *n)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    NULL, NULL);
	png_infop info = png_create_info_struct(png);
	struct buf b = BUF_INIT;
	png_bytep row = calloc(1, (size_t)w / 8 + 1);

	ck_assert_ptr_nonnull(png);
	png_set_write_fn(png, &b, png_to_buf, NULL);
	png_set_compression_level(png, 9);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 1,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++)
		png_write_row(png, row);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	*n = b.len;
	return (unsigned char *)b.data;
}

int
img_jpeg_size(const unsigned char *p, size_t n, int *w, int *h)
{
	size_t	 i = 2;

	*w = *h = 0;
	if (n < 4 || p[0] != 0xff || p[1] != 0xd8)
		return 0;
	while (i + 9 < n && p[i] == 0xff) {
		unsigned m = p[i + 1], len = (unsigned)p[i + 2] << 8 | p[i + 3];

		if (m >= 0xc0 && m <= 0xc3) {
			*h = p[i + 5] << 8 | p[i + 6];
			*w = p[i + 7] << 8 | p[i + 8];
			return 1;
		}
		i += 2 + len;
	}
	return 0;
}

void
img_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char h[32];

	ck_assert_int_ge(sodium_init(), 0);
	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

char *
img_base64(const void *p, size_t n)
{
	size_t	 len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char	*s = malloc(len);

	sodium_bin2base64(s, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

struct hresp *
multipart(const char *method, const char *path, const char *const *fields,
    const char *file_field, const char *filename, const char *file_type,
    const void *data, size_t len, const char *token)
{
	static const char *bnd = "----skyfoxtestboundary7MA4YWxkTrZu0gW";
	struct buf b = BUF_INIT;
	char	 ct[128], auth[2200];
	const char *hs[2] = { NULL, NULL };
	struct hresp *r;

	for (; fields != NULL && fields[0] != NULL; fields += 2)
		buf_printf(&b, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"%s\"\r\n\r\n%s\r\n", bnd, fields[0], fields[1]);
	if (data != NULL) {
		buf_printf(&b, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
		    bnd, file_field, filename, file_type);
		buf_append(&b, data, len);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&b, "--%s--\r\n", bnd);
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", bnd);
	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		hs[0] = auth;
	}
	r = http(method, path, ct, b.data, b.len, hs);
	buf_free(&b);
	return r;
}
