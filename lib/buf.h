/* buf — a growable byte buffer (after Fossil's Blob).
 *
 * Every response body, header block and generated string is built in a buf.
 * A buf is always NUL-terminated after its last byte so it can be used as a C
 * string, but it may also hold binary data (PDF, PNG) of length len.
 * Allocation failure aborts the request through buf->failed: callers check
 * buf_ok() once at the end instead of after every append. */
#ifndef SKYFOX_BUF_H
#define SKYFOX_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* an allocation failed; contents are truncated */
};

#define BUF_INIT { NULL, 0, 0, 0 }

void	 buf_append(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);
int	 buf_ok(const struct buf *);
const char *buf_str(const struct buf *);	/* "" for an empty buffer */

#endif
