#include "preset.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "config.h"

const char *preset_dir(void)
{
    const char *env = getenv("KLX_DATA");
    if (env && *env)
        return env;
    if (access(KLX_SOURCE_DATADIR "/seed.csv", R_OK) == 0)
        return KLX_SOURCE_DATADIR;
    return KLX_DATADIR;
}

/* The first line, if it is a comment, without the '#' and spaces. */
static char *read_description(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return xstrdup("");
    char line[512];
    char *d = NULL;
    if (fgets(line, sizeof line, f) && line[0] == '#') {
        char *s = line + 1;
        while (*s == ' ')
            s++;
        s[strcspn(s, "\r\n")] = '\0';
        d = xstrdup(s);
        error_sanitize(d);   /* it is printed by `presets` and `preset` */
    }
    fclose(f);
    return d ? d : xstrdup("");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct preset *)a)->name,
                  ((const struct preset *)b)->name);
}

bool preset_list_load(struct preset_list *l, struct error *err)
{
    l->v = NULL;
    l->n = 0;
    const char *dir = preset_dir();
    DIR *d = opendir(dir);
    if (!d)
        return error_set(err, "no presets: cannot open %s (hint: set "
                         "KLX_DATA to klx's data directory)", dir);
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".csv") != 0 ||
            e->d_name[0] == '.')
            continue;
        if (l->n == cap) {
            cap = cap ? 2 * cap : 16;
            l->v = xrealloc(l->v, cap * sizeof *l->v);
        }
        struct preset *p = &l->v[l->n++];
        p->name = xstrdup(e->d_name);
        p->name[len - 4] = '\0';
        error_sanitize(p->name);   /* a file name, printed by `presets` */
        struct buf path;
        buf_init(&path);
        buf_printf(&path, "%s/%s", dir, e->d_name);
        p->path = buf_take(&path);
        buf_free(&path);
        p->description = read_description(p->path);
    }
    closedir(d);
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, by_name);
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
    error_set(err, "no preset '%s' (hint: `presets` lists them: %s)", name,
              names.s);
    buf_free(&names);
    return NULL;
}
