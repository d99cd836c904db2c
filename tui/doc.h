/* doc: klx's documentation made from its two tables, the command table
 * (command.h) and the binding table (keymap.h): the README's key and
 * command tables and the man page. No curses, no I/O: text into a buf. */
#ifndef KLX_DOC_H
#define KLX_DOC_H

#include "buf.h"

/* The README's key table (Markdown): key, command, what it does. */
void doc_keys_markdown(struct buf *b);

/* The README's command table (Markdown): command, what it does. */
void doc_commands_markdown(struct buf *b);

/* The man page klx.1 (roff, man macros). */
void doc_man(struct buf *b);

#endif
