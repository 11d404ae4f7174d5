/* ticket_png — QR matrix → PNG through libpng; see ticket_png.h. */
#include <stdlib.h>
#include <string.h>
#include <png.h>

#include "ticket_png.h"

static void
write_buf(png_structp png, png_bytep data, png_size_t n)
{
	buf_append(png_get_io_ptr(png), data, n);
}

static void
flush_none(png_structp png)
{
	(void)png;
}

int
ticket_png_render(const struct ticket_qr *q, int scale, struct buf *out)
{
	png_structp png;
	png_infop info;
	int	 side, modules = q->width + 2 * TICKET_QR_QUIET;
	size_t	 rowbytes;
	/* volatile: survive longjmp from libpng's error handler. */
	unsigned char *volatile row = NULL;

	if (scale < 1 || scale > 32 || q->width <= 0)
		return -1;
	side = modules * scale;
	rowbytes = ((size_t)side + 7) / 8;
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL)) == NULL)
		return -1;
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_write_struct(&png, NULL);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		free(row);
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	if ((row = malloc(rowbytes)) == NULL)
		png_error(png, "out of memory");
	png_set_write_fn(png, out, write_buf, flush_none);
	png_set_IHDR(png, info, (png_uint_32)side, (png_uint_32)side, 1,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int py = 0; py < side; py++) {
		int	 my = py / scale - TICKET_QR_QUIET;

		/* 1-bit grey: bit set = white; the leftmost pixel is the MSB. */
		memset(row, 0xFF, rowbytes);
		for (int px = 0; px < side; px++) {
			int mx = px / scale - TICKET_QR_QUIET;

			if (ticket_qr_is_dark(q, mx, my))
				row[px / 8] &= (unsigned char)~(0x80u >> (px % 8));
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return buf_ok(out) ? 0 : -1;
}
