#ifndef OUTREACH_CPANGOCAIRO_SHIM_H
#define OUTREACH_CPANGOCAIRO_SHIM_H

// Cairo draws the PDF pages; Pango lays out the text (any script, with the fonts the system has).
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

// PANGO_SCALE is a macro Swift does not import.
static inline int outreach_pango_scale(void) { return PANGO_SCALE; }

// g_object_unref takes a gpointer; a typed wrapper keeps the Swift side free of casts.
static inline void outreach_release_layout(PangoLayout *_Nonnull layout) { g_object_unref(layout); }

#endif
