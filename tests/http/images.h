/* images — photos for the account tests, made in memory: real JPEG, PNG
 * and WebP files (MagickWand), a decompression-bomb PNG (libpng: tiny
 * file, 400 megapixels), and the encodings sign-up needs. */
#ifndef SKYFOX_TEST_IMAGES_H
#define SKYFOX_TEST_IMAGES_H

#include <stddef.h>

#include "client.h"

/* format: "JPEG", "PNG", "WEBP", "GIF"; noise makes it incompressible;
 * comment is written into the file's metadata when not NULL.  malloc'd. */
unsigned char	*img_make(const char *format, int w, int h, int noise,
		    const char *comment, size_t *n);
/* A 1-bit greyscale PNG of w×h zeros: kilobytes on disk.  malloc'd. */
unsigned char	*img_png_bomb(int w, int h, size_t *n);
/* Width and height from a JPEG's SOF marker; 0 when not a JPEG. */
int		 img_jpeg_size(const unsigned char *, size_t, int *w, int *h);

void		 img_sha256_hex(const void *, size_t, char out[65]);
char		*img_base64(const void *, size_t);	/* malloc'd */

/* A multipart/form-data request: text fields as "name", "value" pairs
 * (NULL-terminated), plus one file part (skipped when data is NULL). */
struct hresp	*multipart(const char *method, const char *path,
		    const char *const *fields, const char *file_field,
		    const char *filename, const char *file_type,
		    const void *data, size_t len, const char *token);

#endif
