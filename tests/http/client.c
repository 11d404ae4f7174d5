/* client — libcurl HTTP client for the test suites; see client.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <curl/curl.h>

#include "buf.h"
#include "client.h"

void
client_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

const char *
client_base(void)
{
	const char *u = getenv("SKYFOX_URL");

	return u ? u : "http://127.0.0.1:8080";
}

static char source_ip[64];

void
client_set_source(const char *ip)
{
	snprintf(source_ip, sizeof(source_ip), "%s", ip ? ip : "");
}

const char *
client_fresh_source(void)
{
	static char ip[32];
	unsigned char r[3];
	FILE	*f = fopen("/dev/urandom", "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(r, 1, sizeof(r), f), sizeof(r));
	fclose(f);
	/* 127.1.0.0/16 and up: never 127.0.0.1, where the other tests are. */
	snprintf(ip, sizeof(ip), "127.%u.%u.%u", 1 + r[0] % 250, r[1],
	    1 + r[2] % 250);
	return ip;
}

static size_t
collect(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

struct hresp *
http(const char *method, const char *path, const char *ctype,
    const void *body, size_t len, const char *const *headers)
{
	CURL	*c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct buf b = BUF_INIT, hb = BUF_INIT;
	struct hresp *r = calloc(1, sizeof(*r));
	char	 url[2048], line[512];
	CURLcode rc;

	ck_assert_ptr_nonnull(c);
	snprintf(url, sizeof(url), "%s%s", client_base(), path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (*source_ip != '\0')
		curl_easy_setopt(c, CURLOPT_INTERFACE, source_ip);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	}
	if (ctype != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s", ctype);
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Expect:");
	for (; headers != NULL && *headers != NULL; headers++)
		h = curl_slist_append(h, *headers);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(c);
	ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path,
	    curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	r->len = b.len;
	r->body = b.data ? b.data : strdup("");
	r->headers = hb.data ? hb.data : strdup("");
	r->json = cJSON_ParseWithLength(r->body, r->len);
	return r;
}

struct hresp *
api(const char *method, const char *path, const char *json, const char *token)
{
	char	 auth[2200];
	const char *hs[2] = { NULL, NULL };

	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		hs[0] = auth;
	}
	return http(method, path, json ? "application/json" : NULL, json,
	    json ? strlen(json) : 0, hs);
}

void
hresp_free(struct hresp *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->headers);
	cJSON_Delete(r->json);
	free(r);
}

const char *
hdr(const struct hresp *r, const char *name)
{
	static char v[4096];
	size_t	 n = strlen(name);
	const char *p = r->headers;

	while (p != NULL && *p != '\0') {
		const char *eol = strchr(p, '\n');

		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *s = p + n + 1;
			size_t	 len;

			while (*s == ' ')
				s++;
			len = eol ? (size_t)(eol - s) : strlen(s);
			while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
				len--;
			if (len >= sizeof(v))
				len = sizeof(v) - 1;
			memcpy(v, s, len);
			v[len] = '\0';
			return v;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

const cJSON *
jget(const cJSON *j, const char *path)
{
	char	 part[128];

	while (j != NULL && *path != '\0') {
		const char *dot = strchr(path, '.');
		size_t	 n = dot ? (size_t)(dot - path) : strlen(path);
		char	*end;
		long	 idx;

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		idx = strtol(part, &end, 10);
		if (cJSON_IsArray(j) && *end == '\0' && n > 0)
			j = cJSON_GetArrayItem(j, (int)idx);
		else
			j = cJSON_GetObjectItemCaseSensitive(j, part);
		path += n + (dot ? 1 : 0);
	}
	return j;
}

const char *
jstr(const cJSON *j, const char *path)
{
	const cJSON *v = jget(j, path);

	return cJSON_IsString(v) ? v->valuestring : "";
}

long long
jint(const cJSON *j, const char *path)
{
	const cJSON *v = jget(j, path);

	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

void
expect_error(const struct hresp *r, long status, const char *code)
{
	const char *rid;

	ck_assert_msg(r->status == status, "expected %ld %s, got %ld: %s",
	    status, code, r->status, r->body);
	ck_assert_msg(r->json != NULL, "error body is not JSON: %s", r->body);
	ck_assert_str_eq(jstr(r->json, "error.code"), code);
	ck_assert_msg(*jstr(r->json, "error.message") != '\0', "no message");
	ck_assert_msg(cJSON_IsArray(jget(r->json, "error.fields")), "no fields");
	rid = hdr(r, "X-Request-ID");
	ck_assert_ptr_nonnull(rid);
	ck_assert_str_eq(jstr(r->json, "request_id"), rid);
}

char *
login(const char *username, const char *password)
{
	char	 body[512];
	struct hresp *r;
	char	*tok;

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}",
	    username, password);
	r = api("POST", "/api/session", body, NULL);
	ck_assert_msg(r->status == 200, "login %s: %ld %s", username, r->status,
	    r->body);
	tok = strdup(jstr(r->json, "data.token"));
	hresp_free(r);
	return tok;
}

char *
login_cookie(const char *username, const char *password, char **csrf)
{
	char	 body[512], *cookie;
	struct hresp *r;
	const char *sc;

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}",
	    username, password);
	r = api("POST", "/api/session", body, NULL);
	ck_assert_msg(r->status == 200, "login %s: %ld", username, r->status);
	*csrf = strdup(jstr(r->json, "data.csrf_token"));
	sc = hdr(r, "Set-Cookie");
	ck_assert_ptr_nonnull(sc);
	cookie = strndup(sc, strcspn(sc, ";"));
	hresp_free(r);
	return cookie;
}

int
skyfoxctl(const char *args)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s/bin/skyfoxctl %s >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"), args);
	return WEXITSTATUS(system(cmd));
}

char *
db_scalar(const char *sql)
{
	char	 cmd[4096], out[4096];
	FILE	*p;
	size_t	 n;

	/* sqlite3 as www-data (the data dir's owner): a root-owned -shm would
	 * lock the CGIs out. */
	snprintf(cmd, sizeof(cmd), "cd / && %s sqlite3 -readonly -batch "
	    "-bail -cmd '.timeout 10000' '%s/skyfox.db' \"%s\"",
	    getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"), sql);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	/* A read that failed (say, busy for a moment while the crowd
	 * writes) must fail the test, not read as "" — atoll("") is 0. */
	ck_assert_msg(pclose(p) == 0, "sqlite3 failed: %s", sql);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	return strdup(out);
}

char *
db_sql(const char *text)
{
	char	 file[] = "/tmp/skyfox-sql.XXXXXX", cmd[1024], out[4096];
	int	 fd = mkstemp(file);
	FILE	*p;
	size_t	 n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	/* The last statement needs its ';' (sqlite3 refuses incomplete
	 * input); an empty statement after one that has it is harmless. */
	ck_assert_int_eq(write(fd, ";\n", 2), 2);
	close(fd);
	chmod(file, 0644);
	/* as www-data: a root-owned -shm would lock the CGIs out */
	snprintf(cmd, sizeof(cmd), "cd / && %s sqlite3 -batch -bail -cmd "
	    "'.timeout 10000' '%s/skyfox.db' < '%s'",
	    getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"), file);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	ck_assert_int_eq(pclose(p), 0);
	unlink(file);
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return strdup(out);
}

void
conf_set(const char *key, const char *value)
{
	char	 path[1024], line[1024];
	struct buf text = BUF_INIT;
	size_t	 klen = strlen(key);
	FILE	*f;

	/* Replace the key's line (the file holds at most 64 settings, so
	 * appending on every call would soon break the site); NULL removes it.
	 * Rewritten in place so the file keeps its owner (www-data). */
	snprintf(path, sizeof(path), "%s/skyfox.conf", getenv("SKYFOX_DATA"));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, klen) == 0 && (p[klen] == ' ' ||
		    p[klen] == '\t' || p[klen] == '='))
			continue;
		buf_puts(&text, line);
	}
	fclose(f);
	if (value != NULL)
		buf_printf(&text, "%s = %s\n", key, value);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(buf_str(&text), f);
	fclose(f);
	buf_free(&text);
}

char *
shell_output(const char *cmd)
{
	struct buf b = BUF_INIT;
	char	 chunk[4096], *out;
	size_t	 n;
	FILE	*p = popen(cmd, "r");

	ck_assert_ptr_nonnull(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_append(&b, chunk, n);
	pclose(p);
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	out = strdup(buf_str(&b));
	buf_free(&b);
	return out;
}

int
loopback_server(void (*serve)(int), int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int	 s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	pid_t	 pid;

	ck_assert_int_ge(s, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(s, 16), 0);
	getsockname(s, (struct sockaddr *)&sa, &len);
	*port = ntohs(sa.sin_port);
	if ((pid = fork()) == 0) {
		signal(SIGCHLD, SIG_IGN);	/* no zombies */
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			int	 fd = accept(s, NULL, NULL);

			if (fd < 0)
				continue;
			if (fork() == 0) {
				close(s);
				serve(fd);
				close(fd);
				_exit(0);
			}
			close(fd);
		}
	}
	close(s);
	ck_assert_int_gt(pid, 0);
	return pid;
}
