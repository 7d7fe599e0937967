/* cmd_settings.c - settings show|set: the program's settings for talking
 * to registries (doc/registry-api.md, section 8): a proxy, and whether
 * the environment's proxy variables are honoured. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static int settings_show(struct cli *cli)
{
	(void)cli;
	struct rc_net_settings s;
	rc_op_net_settings(&s);
	/* TRANSLATORS: "recourse settings show": keep proxy and proxy-env in English (the names to type). */
	printf("proxy: %s\n", s.proxy[0] ? s.proxy : _("none"));
	printf("proxy-env: %s\n", s.proxy_env ? "yes" : "no");
	char how[300];
	rc_op_net_route(NULL, how, sizeof how);
	/* TRANSLATORS: %s says how: "no proxy", or "through the proxy http://...". */
	printf(_("A registry is reached: %s.\n"), how);
	return 0;
}

static int settings_set(struct cli *cli)
{
	int r = cli_need(cli, 2, _("a setting and its value"));
	if (r)
		return r;
	enum rc_status st = rc_op_net_setting_set(cli->pos[0], cli->pos[1]);
	if (st != RC_OK)
		return cli_fail(st);
	/* TRANSLATORS: %s is the setting's name (proxy, proxy-env). */
	cli_say(_("Setting %s changed.\n"), cli->pos[0]);
	return 0;
}

int cmd_settings(struct cli *cli)
{
	if (cli_help_for(cli))
		return 0;
	if (cli->verb && !strcmp(cli->verb, "show"))
		return settings_show(cli);
	if (cli->verb && !strcmp(cli->verb, "set"))
		return settings_set(cli);
	/* TRANSLATORS: %s is what was typed after "settings". */
	fprintf(stderr, _("recourse: \"settings %s\" is not a command.\n"), cli->verb ? cli->verb : "");
	fprintf(stderr, "%s\n", _("Try: recourse settings --help"));
	return 2;
}
