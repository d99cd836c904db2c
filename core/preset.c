#include "preset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "config.h"
#include "i18n.h"
#include "i18n.h"

const char *preset_dir(void)
{
    const char *env = getenv("KLX_DATA");
    if (env && *env)
        return env;
    if (access(KLX_SOURCE_DATADIR "/seed.csv", R_OK) == 0)
        return KLX_SOURCE_DATADIR;
    return KLX_DATADIR;
}

/* A comment line's text: after the '#' and the blanks after it, without
 * the line end. */
static char *comment_text(char *line)
{
    char *s = line + 1;
    while (*s == ' ')
        s++;
    s[strcspn(s, "\r\n")] = '\0';
    return s;
}

char *preset_first_comment(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return xstrdup("");
    char line[512];
    char *d = NULL;
    if (fgets(line, sizeof line, f) && line[0] == '#') {
        d = xstrdup(comment_text(line));
        /* A translation stands in a comment line of its own below,
         * "# [zh_CN] text", as a .desktop file's Comment[zh_CN]. */
        const char *lang = i18n_language();
        size_t n = strlen(lang);
        while (strcmp(lang, "en") != 0 && fgets(line, sizeof line, f) &&
               line[0] == '#') {
            char *s = comment_text(line);
            if (s[0] == '[' && strncmp(s + 1, lang, n) == 0 &&
                s[n + 1] == ']') {
                free(d);
                s += n + 2;
                while (*s == ' ')
                    s++;
                d = xstrdup(s);
                break;
            }
        }
        error_sanitize(d);   /* printed by `presets`, `preset`, `lessons` */
    }
    fclose(f);
    return d ? d : xstrdup("");
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool preset_dir_names(const char *dir, const char *ext, char ***names,
                      size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return false;
    size_t cap = 0, el = strlen(ext);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= el || strcmp(e->d_name + len - el, ext) != 0 ||
            e->d_name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *names = xrealloc(*names, cap * sizeof **names);
        }
        (*names)[(*n)++] = xstrndup(e->d_name, len - el);
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, by_string);
    return true;
}

bool preset_list_load(struct preset_list *l, struct error *err)
{
    l->v = NULL;
    l->n = 0;
    const char *dir = preset_dir();
    char **names;
    size_t n;
    if (!preset_dir_names(dir, ".csv", &names, &n))
        return error_set(err, _("no presets: cannot open %s (hint: set "
                            "KLX_DATA to klx's data directory)"), dir);
    l->v = n ? xmalloc(n * sizeof *l->v) : NULL;
    for (size_t i = 0; i < n; i++) {
        struct preset *p = &l->v[l->n++];
        struct buf path;
        buf_init(&path);
        buf_printf(&path, "%s/%s.csv", dir, names[i]);
        p->path = buf_take(&path);
        buf_free(&path);
        p->name = names[i];
        error_sanitize(p->name);   /* a file name, printed by `presets` */
        p->description = preset_first_comment(p->path);
    }
    free(names);
    return true;
}

void preset_list_free(struct preset_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].description);
        free(l->v[i].path);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

const struct preset *preset_find(const struct preset_list *l,
                                 const char *name, struct error *err)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    struct buf names;
    buf_init(&names);
    for (size_t i = 0; i < l->n && i < 20; i++)
        buf_printf(&names, "%s%s", i ? ", " : "", l->v[i].name);
    error_set(err, _("no preset '%s' (hint: `presets` lists them: %s)"), name,
              names.s);
    buf_free(&names);
    return NULL;
}
