/*
 * render_pdf.c - the PDF copy of a record (`hocba print`).
 *
 * A record is issued as XML and as a PDF rendering of the same content
 * (record.md).  The PDF is vector: cairo's PDF surface embeds subsets of the
 * fonts and writes a ToUnicode map, so the text can be searched and copied
 * (pdftotext reads the Vietnamese back).  The layout is the plain standard
 * one (seed 0), values printed, never handwritten; a footer on every page
 * names the record, its version and the page.
 */
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "render_internal.h"

static void draw_footer(rd_ctx *c, const hb_record *r, int page, int pages)
{
    char foot[256];
    snprintf(foot, sizeof foot, "Mã hồ sơ: %s  ·  Phiên bản %d  ·  Trang %d/%d",
             r->ma_ho_so && *r->ma_ho_so ? r->ma_ho_so : "(chưa cấp)",
             r->phien_ban, page, pages);
    rd_hline(c, c->st.margin_l, c->st.margin_l + c->st.table_w, RD_PAGE_H - 14,
             0.1);
    rd_label(c, foot, c->st.margin_l, RD_PAGE_H - 13.5, c->st.table_w, 6,
             RD_CENTER, 8, 0);
}

int render_pdf(const hb_record *r, const char *path, hb_err *e)
{
    if (!r || !path || !*path)
        return err_set(e, HB_EUSAGE, "print: no record or no output file");
    cairo_surface_t *s = cairo_pdf_surface_create(path, RD_PAGE_W * 72 / 25.4,
                                                  RD_PAGE_H * 72 / 25.4);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        int rc = err_set(e, HB_EIO, "%s: %s", path,
                         cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return rc;
    }
    char title[256];
    snprintf(title, sizeof title, "Học bạ: %s, năm học %s",
             r->student.ho_ten.value ? r->student.ho_ten.value : "",
             r->year.nam_hoc.value ? r->year.nam_hoc.value : "");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "hocba print");

    rd_ctx c = { 0 };
    c.dpi = 0; /* vector: no boxes */
    rd_style_init(&c);
    PangoFontMap *fm = NULL;
    c.pc = rd_pango_context(&fm);
    c.cr = cairo_create(s);
    cairo_scale(c.cr, 72 / 25.4, 72 / 25.4);
    pango_cairo_update_context(c.cr, c.pc);

    const int pages = 3; /* personal page, subject table, results */
    for (int p = 1; p <= pages; p++) {
        c.page = p;
        if (p == 1)
            rd_draw_personal(&c, r);
        else
            rd_draw_year(&c, r, p - 1);
        draw_footer(&c, r, p, pages);
        cairo_show_page(c.cr);
    }
    cairo_status_t st = cairo_status(c.cr);
    cairo_destroy(c.cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    g_object_unref(c.pc);
    g_object_unref(fm);
    free(c.drawn);
    free(c.printed); /* empty: vector pages record no form text */
    if (st != CAIRO_STATUS_SUCCESS) {
        unlink(path); /* never leave half a PDF behind */
        return err_set(e, HB_EIO, "%s: %s", path, cairo_status_to_string(st));
    }
    return 0;
}
