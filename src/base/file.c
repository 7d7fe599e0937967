/* file.c - files written whole or not at all. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

enum rc_status rc_status_from_errno(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
		return RC_NOSPACE;
	case ENOMEM:
		return RC_NOMEM;
	default:
		return RC_IO;
	}
}

char *rc_path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	bool slash = la > 0 && a[la - 1] == '/';
	char *p = rc_xmalloc(la + lb + 2);
	memcpy(p, a, la);
	if (!slash)
		p[la++] = '/';
	memcpy(p + la, b, lb + 1);
	return p;
}

enum rc_status rc_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rc_status_from_errno(errno);
	int r = fsync(fd);
	int err = errno;
	close(fd);
	return r == 0 ? RC_OK : rc_status_from_errno(err);
}

enum rc_status rc_fd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return rc_status_from_errno(errno);
		}
		p += n;
		len -= (size_t)n;
	}
	return RC_OK;
}

enum rc_status rc_file_write_atomic(const char *path, const void *data, size_t len, int mode)
{
	size_t pl = strlen(path);
	char *tmp = rc_xmalloc(pl + 16);
	snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		enum rc_status st = rc_status_from_errno(errno);
		free(tmp);
		return st;
	}
	enum rc_status st = RC_OK;
	if (fchmod(fd, (mode_t)mode) != 0)
		st = rc_status_from_errno(errno);
	if (st == RC_OK)
		st = rc_fd_write_all(fd, data, len);
	if (st == RC_OK && fsync(fd) != 0)
		st = rc_status_from_errno(errno);
	if (close(fd) != 0 && st == RC_OK)
		st = rc_status_from_errno(errno);
	if (st == RC_OK && rename(tmp, path) != 0)
		st = rc_status_from_errno(errno);
	if (st != RC_OK) {
		unlink(tmp);
		free(tmp);
		return st;
	}
	free(tmp);
	char *dcopy = rc_xstrdup(path);
	st = rc_fsync_dir(dirname(dcopy));
	free(dcopy);
	return st;
}

enum rc_status rc_file_read_all(const char *path, size_t max, char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? RC_NOTFOUND : rc_status_from_errno(errno);
	struct rc_buf b;
	rc_buf_init(&b);
	char chunk[8192];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;
			close(fd);
			rc_buf_free(&b);
			return rc_status_from_errno(err);
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			close(fd);
			rc_buf_free(&b);
			return RC_INVALID;
		}
		rc_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	rc_buf_cstr(&b);
	*out = b.data;
	*outlen = b.len;
	return RC_OK;
}
