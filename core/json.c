#include "json.h"

#include <math.h>

/* Every control character escaped: short forms where JSON has them. */
static const char *const json_escapes[128] = {
    "\\u0000", "\\u0001", "\\u0002", "\\u0003",
    "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013",
    "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b",
    "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ['"'] = "\\\"", ['\\'] = "\\\\", [0x7F] = "\\u007f",
};

void json_string(struct buf *out, const char *s)
{
    buf_putc(out, '"');
    buf_append_escaped(out, s, json_escapes);
    buf_putc(out, '"');
}

/* JSON has no infinity; klx writes the string "inf" (documented). */
void json_number(struct buf *out, double v)
{
    if (isnan(v))
        buf_append(out, "\"nan\"");   /* never expected; stays valid JSON */
    else if (isinf(v))
        buf_append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
    else
        buf_printf(out, "%.17g", v == 0 ? 0.0 : v);
}

void json_field(struct buf *out, const char *key, double v)
{
    buf_printf(out, ",\"%s\":", key);
    json_number(out, v);
}
