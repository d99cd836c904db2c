#include "command_file.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "command_internal.h"
#include "export.h"
#include "file.h"
#include "i18n.h"
#include "preset.h"
#include "report.h"

bool command_file_load(COMMAND_PARAMS)
{
    if (c->stdin_taken && strcmp(c->words.v[0], "-") == 0)
        return error_set(err, _("-: standard input is %s (hint: load the "
                                "table from a file)"),
                         _(c->stdin_taken));
    if (!session_load(c->session, &c->derived, c->words.v[0], c->progress,
                      err))
        return false;
    const struct table *t = &c->session->table;
    buf_printf(out, _("loaded %zu entries from "), t->n);
    buf_append_sanitized(out, c->words.v[0]);
    buf_putc(out, '\n');
    /* A save killed before its rename leaves its data in a temporary
     * file: the user may want it back before the next save removes it. */
    struct buf stale;
    buf_init(&stale);
    if (strcmp(c->words.v[0], "-") != 0 &&
        file_stale_temps(c->words.v[0], &stale) > 0) {
        for (char *l = stale.s, *nl; (nl = strchr(l, '\n')); l = nl + 1) {
            *nl = '\0';
            error_sanitize(l);
            buf_printf(out, _("note: %s is left from an interrupted save "
                              "and may hold newer data; the next save "
                              "removes it\n"), l);
        }
    }
    buf_free(&stale);
    command_note_sum("P", t->p_sum, out);
    command_note_sum("Q", t->q_sum, out);
    report_lost(t, WHICH_P, out);
    report_lost(t, WHICH_Q, out);
    command_totals(c, out);
    return true;
}

bool command_file_presets(COMMAND_PARAMS)
{
    struct preset_list l;
    if (!preset_list_load(&l, err))
        return false;
    if (l.n == 0) {
        char *dir = xstrdup(preset_dir());
        error_sanitize(dir);
        buf_printf(out, _("no presets in %s\n"), dir);
        free(dir);
    }
    for (size_t i = 0; i < l.n; i++) {
        buf_append(out, "  ");
        buf_pad(out, l.v[i].name, 10, false);
        buf_printf(out, " %s\n", l.v[i].description);
    }
    if (l.n)
        buf_append(out, _("`preset NAME` loads one (undo goes back).\n"));
    preset_list_free(&l);
    return true;
}

bool command_file_preset(COMMAND_PARAMS)
{
    struct preset_list l;
    if (!preset_list_load(&l, err))
        return false;
    const struct preset *p = preset_find(&l, c->words.v[0], err);
    bool ok =
        p && session_load_preset(c->session, &c->derived, p->path, err);
    if (ok) {
        buf_printf(out, "%s: %s\n", p->name, p->description);
        command_totals(c, out);
    }
    preset_list_free(&l);
    return ok;
}

/* `save` and `save!`, `export` and `export!`: FORCE_PAIR(name, write)
 * defines the handlers name and name_force, the second of which replaces
 * a read-only file too (FILE_FORCE). */
#define FORCE_PAIR(name, write)                                            \
    bool name(COMMAND_PARAMS)                                              \
    {                                                                      \
        return write(c, 0, out, err);                                      \
    }                                                                      \
    bool name##_force(COMMAND_PARAMS)                                      \
    {                                                                      \
        return write(c, FILE_FORCE, out, err);                             \
    }

static bool do_save(struct command *c, unsigned flags, struct buf *out,
                    struct error *err)
{
    struct session *s = c->session;
    const char *path = c->words.n ? c->words.v[0] : s->path;
    if (!path)
        return error_set(err, _("no file name (hint: save FILE, e.g. save "
                                "mine.csv)"));
    if (!session_save(s, path, flags, err))
        return false;
    buf_printf(out, _("saved %zu entries to "), s->table.n);
    buf_append_sanitized(out, path);
    buf_putc(out, '\n');
    return true;
}

FORCE_PAIR(command_file_save, do_save)

static bool do_export(struct command *c, unsigned flags, struct buf *out,
                      struct error *err)
{
    const char *path = c->words.v[0];
    if (!export_write(c->session, path, c->width, c->unicode, flags, err))
        return false;
    buf_append(out, _("exported to "));
    buf_append_sanitized(out, path);
    buf_putc(out, '\n');
    return true;
}

FORCE_PAIR(command_file_export, do_export)
