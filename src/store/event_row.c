/* event_row.c - an access event's row: its columns, reading one, binding
 * one for an insert or an update. */
#include "config.h"

#include "store-int.h"

int64_t event_sort_ts(const struct rc_event *ev)
{
	if (ev->occurred_ts != RC_TS_UNKNOWN)
		return ev->occurred_ts;
	if (ev->recorded_ts != RC_TS_UNKNOWN)
		return ev->recorded_ts;
	return 0;
}

/* Who the burst rule counts: the agent, else the authority. */
const char *event_actor(const struct rc_event *ev)
{
	if (ev->agent && *ev->agent)
		return ev->agent;
	return ev->authority ? ev->authority : "";
}

void event_from_row(sqlite3_stmt *st, struct rc_event *ev)
{
	rc_event_init(ev);
	ev->id = sqlite3_column_int64(st, 0);
	ev->source = db_col_text(st, 1);
	ev->ext_id = db_col_text(st, 2);
	ev->occurred = db_col_text(st, 3);
	ev->occurred_ts = ev->occurred ? sqlite3_column_int64(st, 4) : RC_TS_UNKNOWN;
	ev->recorded = db_col_text(st, 5);
	ev->authority = db_col_text(st, 6);
	ev->authority_country = db_col_text(st, 7);
	ev->authority_type = db_col_text(st, 8);
	ev->role = db_col_text(st, 9);
	ev->agent = db_col_text(st, 10);
	ev->system = db_col_text(st, 11);
	ev->categories = (unsigned)sqlite3_column_int(st, 12);
	int a = sqlite3_column_int(st, 13), o = sqlite3_column_int(st, 14);
	ev->action = a >= 0 && a < RC_ACT_COUNT ? (enum rc_action)a : RC_ACT_UNKNOWN;
	ev->outcome = o >= 0 && o < RC_OUT_COUNT ? (enum rc_outcome)o : RC_OUT_UNKNOWN;
	ev->purpose = db_col_text(st, 15);
	ev->legal_basis = db_col_text(st, 16);
	ev->dest = db_col_text(st, 17);
	ev->dest_country = db_col_text(st, 18);
	ev->origin = db_col_text(st, 19);
	ev->note = db_col_text(st, 20);
	ev->imported = db_col_text(st, 21);
	ev->flags = (uint32_t)sqlite3_column_int64(st, 22);
	ev->patient = db_col_text(st, 23);
	ev->organization = db_col_text(st, 24);
	ev->client = db_col_text(st, 25);
	ev->authorization = db_col_text(st, 26);
	int k = sqlite3_column_int(st, 27);
	ev->dest_kind = k >= 0 && k < RC_DEST_KIND_COUNT ? (enum rc_dest_kind)k : RC_DEST_UNKNOWN;
	ev->marks = (uint32_t)sqlite3_column_int64(st, 28);
	ev->uncertain = (uint32_t)sqlite3_column_int64(st, 29);
	if (ev->recorded) {
		char norm[32];
		int64_t ts;
		if (rc_date_parse(ev->recorded, &ts, norm, sizeof norm))
			ev->recorded_ts = ts;
	}
}

void bind_event(sqlite3_stmt *st, const struct rc_event *ev, const char *imported)
{
	db_bind_text(st, 1, ev->source ? ev->source : "");
	db_bind_text(st, 2, ev->ext_id ? ev->ext_id : "");
	db_bind_text(st, 3, ev->occurred);
	sqlite3_bind_int64(st, 4, event_sort_ts(ev));
	db_bind_text(st, 5, ev->recorded);
	db_bind_text(st, 6, ev->authority);
	db_bind_text(st, 7, ev->authority_country);
	db_bind_text(st, 8, ev->authority_type);
	db_bind_text(st, 9, ev->role);
	db_bind_text(st, 10, ev->agent);
	db_bind_text(st, 11, event_actor(ev));
	db_bind_text(st, 12, ev->system);
	sqlite3_bind_int(st, 13, (int)ev->categories);
	sqlite3_bind_int(st, 14, (int)ev->action);
	sqlite3_bind_int(st, 15, (int)ev->outcome);
	db_bind_text(st, 16, ev->purpose);
	db_bind_text(st, 17, ev->legal_basis);
	db_bind_text(st, 18, ev->dest);
	db_bind_text(st, 19, ev->dest_country);
	db_bind_text(st, 20, ev->origin);
	db_bind_text(st, 21, ev->note);
	db_bind_text(st, 22, imported);
	sqlite3_bind_int64(st, 23, ev->flags);
	db_bind_text(st, 24, ev->patient);
	db_bind_text(st, 25, ev->organization);
	db_bind_text(st, 26, ev->client);
	db_bind_text(st, 27, ev->authorization);
	sqlite3_bind_int(st, 28, (int)ev->dest_kind);
	sqlite3_bind_int64(st, 29, ev->marks);
	sqlite3_bind_int64(st, 30, ev->uncertain);
}
