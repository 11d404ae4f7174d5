/* noop.cgi — the do-nothing C CGI that `make bench` measures every endpoint
 * against: the floor of fork + exec + dynamic linking under this Apache. */
#include <stdio.h>

int
main(void)
{
	fputs("Status: 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 12\r\n\r\n{\"data\":{}}\n", stdout);
	return 0;
}
