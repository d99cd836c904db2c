/* preset: the example pairs shipped in data/, one table file each.
 *
 * A preset is data/NAME.csv whose first line is a `#` comment describing it.
 * The directory is $KLX_DATA when set, else the source tree's data/ (so a
 * build runs without installing), else the installed share/klx. */
#ifndef KLX_PRESET_H
#define KLX_PRESET_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct preset {
    char *name;          /* "seed"; control characters made '?' */
    char *description;   /* the first comment line, without "# ", with
                            control characters made '?' (error_sanitize) */
    char *path;
};

struct preset_list {
    struct preset *v;
    size_t n;
};

/* The directory presets are read from. */
const char *preset_dir(void);

/* The names of dir's files that end in ext (".csv"), without it, hidden
 * files aside, sorted, as written on disk (the caller sanitizes what it
 * prints): the caller frees each and the array. False when dir cannot
 * be opened. Presets and lessons are listed this way. */
bool preset_dir_names(const char *dir, const char *ext, char ***names,
                      size_t *n);

/* The file's first line when it is a `#` comment: without the '#' and the
 * blanks after it, control characters made '?'; else "". In a language
 * other than English (i18n_language), a comment line among those that
 * follow it, `# [zh_CN] text`, gives that language's text instead.
 * Freed by the caller. A preset's description and a lesson's title. */
char *preset_first_comment(const char *path);

/* Lists the presets, sorted by name. An empty list is not an error. */
bool preset_list_load(struct preset_list *l, struct error *err);
void preset_list_free(struct preset_list *l);

/* Finds a preset by name; on failure err lists the names. */
const struct preset *preset_find(const struct preset_list *l,
                                 const char *name, struct error *err);

#endif
