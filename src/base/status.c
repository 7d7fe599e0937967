/* status.c - status codes, their messages and the last error's detail. */
#include "config.h"

#include <stdio.h>

#include "base.h"

static const struct {
	const char *name;
	int exit;
	const char *msg;
} status_info[] = {
#define RC_ROW(name, exit, msg) { #name, exit, msg },
	RC_STATUS_INFO(RC_ROW)
#undef RC_ROW
};

const char *rc_status_message(enum rc_status st)
{
	if ((unsigned)st >= RC_STATUS_COUNT)
		st = RC_ERR;
	return _(status_info[st].msg);
}

int rc_status_exit(enum rc_status st)
{
	if ((unsigned)st >= RC_STATUS_COUNT)
		return 1;
	return status_info[st].exit;
}

const char *rc_status_name(enum rc_status st)
{
	if ((unsigned)st >= RC_STATUS_COUNT)
		return "ERR";
	return status_info[st].name;
}

static _Thread_local char error_detail[512];

void rc_error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(error_detail, sizeof error_detail, fmt, ap);
	va_end(ap);
}

void rc_error_clear(void)
{
	error_detail[0] = '\0';
}

const char *rc_error_detail(void)
{
	return error_detail;
}

static rc_log_fn log_fn;

void rc_log_set(rc_log_fn fn)
{
	log_fn = fn;
}

void rc_log(enum rc_log_level lvl, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	if (!log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_fn(lvl, msg);
}
