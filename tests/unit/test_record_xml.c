/*
 * test_record_xml.c - the record XML mapping, its XSD and the safe reader.
 *
 * Round trips compare every field of the record, annotations included, by
 * walking both records with record_visit_fields; invalid and hostile inputs
 * are small fixtures in tests/data/xml/ (each one says in its name what is
 * wrong with it) and every refusal is checked for the code, the element or
 * cause, and the line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "record.h"
#include "record_sample.h"
#include "record_xml.h"

/* ---- helpers ---------------------------------------------------------- */

static const char *data_path(const char *rel, char *buf, size_t size)
{
    char r[256];
    snprintf(r, sizeof r, "tests/data/xml/%s", rel);
    assert_non_null(datadir_path(r, buf, size));
    return buf;
}

typedef struct flist {
    char **path;
    hb_field **f;
    size_t n;
} flist;

static int collect_cb(const char *path, hb_field *f, void *ctx)
{
    flist *l = ctx;
    l->path = realloc(l->path, (l->n + 1) * sizeof *l->path);
    l->f = realloc(l->f, (l->n + 1) * sizeof *l->f);
    assert_non_null(l->path);
    assert_non_null(l->f);
    l->path[l->n] = strdup(path);
    l->f[l->n++] = f;
    return 0;
}

static void flist_free(flist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->path[i]);
    free(l->path);
    free(l->f);
}

static void assert_str_same(const char *a, const char *b, const char *what)
{
    if (!a || !b) {
        if (a != b)
            fail_msg("%s: \"%s\" vs \"%s\"", what, a ? a : "(null)",
                     b ? b : "(null)");
        return;
    }
    if (strcmp(a, b))
        fail_msg("%s: \"%s\" vs \"%s\"", what, a, b);
}

/* Every field slot of both records, in document order: same paths, same
 * values, and same annotations (or, when !annotated, b has none at all). */
static void assert_records_equal(hb_record *a, hb_record *b, int annotated)
{
    assert_str_same(a->ma_ho_so, b->ma_ho_so, "MA_HO_SO");
    assert_int_equal(a->phien_ban, b->phien_ban);
    assert_str_same(a->thay_the, b->thay_the, "THAY_THE");
    assert_str_same(a->nguon, b->nguon, "NGUON_DU_LIEU");
    assert_str_same(a->ngay_so_hoa, b->ngay_so_hoa, "NGAY_SO_HOA");

    flist la = { 0 }, lb = { 0 };
    record_visit_fields(a, 1, collect_cb, &la);
    record_visit_fields(b, 1, collect_cb, &lb);
    assert_int_equal(la.n, lb.n);
    for (size_t i = 0; i < la.n; i++) {
        const hb_field *x = la.f[i], *y = lb.f[i];
        assert_str_same(la.path[i], lb.path[i], "path");
        assert_str_same(x->value, y->value, la.path[i]);
        if (annotated) {
            if (x->conf != y->conf || x->review != y->review ||
                x->page != y->page || x->box.x != y->box.x ||
                x->box.y != y->box.y || x->box.w != y->box.w ||
                x->box.h != y->box.h)
                fail_msg("%s: annotations differ", la.path[i]);
            assert_str_same(x->reason, y->reason, la.path[i]);
        } else if (y->conf != -1 || y->review || y->reason || y->page ||
                   y->box.x || y->box.y || y->box.w || y->box.h) {
            fail_msg("%s: a finished record carries annotations", la.path[i]);
        }
    }
    flist_free(&la);
    flist_free(&lb);

    assert_int_equal(a->year.n_subjects, b->year.n_subjects);
    for (size_t i = 0; i < a->year.n_subjects; i++) {
        assert_str_same(a->year.subjects[i].code, b->year.subjects[i].code,
                        "subject code");
        assert_str_same(a->year.subjects[i].name, b->year.subjects[i].name,
                        "subject name");
    }
    assert_int_equal(a->year.n_pham_chat, b->year.n_pham_chat);
    assert_int_equal(a->year.n_nang_luc, b->year.n_nang_luc);
    assert_int_equal(a->student.n_history, b->student.n_history);
    assert_int_equal(a->n_pages, b->n_pages);
    for (size_t i = 0; i < a->n_pages; i++) {
        assert_str_same(a->pages[i].file, b->pages[i].file, "TRANG tep");
        assert_int_equal(a->pages[i].page, b->pages[i].page);
        assert_str_same(a->pages[i].sha256, b->pages[i].sha256, "sha256");
    }
    assert_int_equal(a->n_verifications, b->n_verifications);
    for (size_t i = 0; i < a->n_verifications; i++) {
        const hb_verification *v = &a->verifications[i],
                              *w = &b->verifications[i];
        assert_str_same(v->person, w->person, "nguoi");
        assert_str_same(v->role, w->role, "vaiTro");
        assert_str_same(v->time, w->time, "thoiGian");
        assert_int_equal(v->n_corrections, w->n_corrections);
        for (size_t j = 0; j < v->n_corrections; j++) {
            assert_str_same(v->corrections[j].path, w->corrections[j].path,
                            "truong");
            assert_str_same(v->corrections[j].old_value,
                            w->corrections[j].old_value, "cu");
            assert_str_same(v->corrections[j].new_value,
                            w->corrections[j].new_value, "moi");
            assert_str_same(v->corrections[j].time, w->corrections[j].time,
                            "SUA_DOI thoiGian");
            assert_str_same(v->corrections[j].note, w->corrections[j].note,
                            "SUA_DOI ghiChu");
        }
    }
}

/* Flags as extraction and the rules would leave them on a draft. */
static void add_review_flags(hb_record *r)
{
    hb_field *f = record_find_field(r, "LY_LICH/NGAY_SINH");
    assert_non_null(f);
    f->conf = 41;
    record_field_flag(f, "low-conf");
    record_field_flag(f, "format");
    f = record_find_field(r, "THONG_TIN_HOC_BA/LOP");
    record_field_flag(f, "rule:lop-cap-hoc");
    /* expected but not found: present, empty, flagged */
    f = &r->student.ho_ten_nguoi_giam_ho;
    record_field_reset(f);
    record_field_set(f, "");
    f->conf = 0;
    f->page = 1;
    f->box = (hb_box){ 0, 0, 10, 10 };
    record_field_flag(f, "empty");
}

static hb_record *(*const samples[])(void) = {
    record_sample_tt58, record_sample_tt22, record_sample_tt27,
};

/* ---- round trips ------------------------------------------------------ */

static void roundtrip_draft(void **state)
{
    hb_record *(*make)(void) = (hb_record * (*)(void)) * state;
    hb_record *r = make();
    assert_non_null(r);
    add_review_flags(r);
    hb_err e = { 0 };
    size_t len = 0;
    char *xml = record_xml_write_mem(r, 1, &len, &e);
    if (!xml)
        fail_msg("write: %s", e.msg);
    assert_int_equal(strlen(xml), len);
    assert_non_null(strstr(xml, "review=\"1\""));
    assert_non_null(strstr(xml, "reason=\"low-conf format\""));
    assert_non_null(strstr(xml, "box=\""));
    hb_record *back = record_xml_read_mem(xml, len, "draft", &e);
    if (!back)
        fail_msg("read: %s", e.msg);
    assert_records_equal(r, back, 1);

    /* and back again: the second document is byte for byte the first */
    char *again = record_xml_write_mem(back, 1, NULL, &e);
    assert_non_null(again);
    assert_string_equal(again, xml);
    free(again);
    free(xml);
    record_free(back);
    record_free(r);
}

static void roundtrip_record(void **state)
{
    hb_record *(*make)(void) = (hb_record * (*)(void)) * state;
    hb_record *r = make();
    add_review_flags(r);
    hb_err e = { 0 };
    size_t len = 0;
    char *xml = record_xml_write_mem(r, 0, &len, &e);
    if (!xml)
        fail_msg("write: %s", e.msg);
    assert_null(strstr(xml, "conf="));
    assert_null(strstr(xml, "review="));
    assert_null(strstr(xml, "box="));
    hb_record *back = record_xml_read_mem(xml, len, "record", &e);
    if (!back)
        fail_msg("read: %s", e.msg);
    assert_records_equal(r, back, 0);
    free(xml);
    record_free(back);
    record_free(r);
}

/* Every slot the model has, filled: proves the XSD's element order and the
 * leaf tables of record.h agree for every leaf, not only the sampled ones. */
static int fill_cb(const char *path, hb_field *f, void *ctx)
{
    int *k = ctx;
    char v[32];
    snprintf(v, sizeof v, "v%d <&>", (*k)++);
    if (strcmp(path, "THONG_TIN_HOC_BA/CHE_DO") == 0)
        snprintf(v, sizeof v, "TT22");
    else if (strcmp(path, "THONG_TIN_HOC_BA/CAP_HOC") == 0)
        snprintf(v, sizeof v, "GDTX");
    record_field_set(f, v);
    f->conf = *k % 101;
    f->review = *k % 2;
    f->page = 1 + *k % 7;
    f->box = (hb_box){ *k, *k + 1, *k + 2, *k + 3 };
    return 0;
}

static void every_slot_round_trips(void **state)
{
    (void)state;
    hb_record *r = record_new();
    r->ma_ho_so = strdup("00000000-0000-4000-8000-000000000000");
    r->thay_the = strdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    r->ngay_so_hoa = strdup("2026-02-28");
    assert_non_null(record_add_subject(r, "TOAN", "Toán"));
    assert_non_null(record_add_subject(r, NULL, "Môn \"lạ\" <x>"));
    assert_non_null(record_add_history(r));
    assert_non_null(record_add_history(r));
    assert_non_null(record_add_muc(&r->year.pham_chat, &r->year.n_pham_chat,
                                   "Chăm chỉ"));
    assert_non_null(record_add_muc(&r->year.nang_luc, &r->year.n_nang_luc,
                                   "Tự chủ & tự học"));
    int k = 0;
    record_visit_fields(r, 1, fill_cb, &k);
    assert_true(k >= 60); /* 66 slots in the model today */
    hb_err e = { 0 };
    size_t len;
    char *xml = record_xml_write_mem(r, 1, &len, &e);
    if (!xml)
        fail_msg("write: %s", e.msg);
    hb_record *back = record_xml_read_mem(xml, len, "full", &e);
    if (!back)
        fail_msg("read: %s", e.msg);
    assert_records_equal(r, back, 1);
    free(xml);
    record_free(back);
    record_free(r);
}

/* The independent check: xmllint, a different program, accepts the file. */
static void xmllint_accepts_written_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/hocba-xml-XXXXXX", xsd[4096], file[256], cmd[8192];
    assert_non_null(mkdtemp(dir));
    assert_non_null(datadir_path("schemas/hocba-1.xsd", xsd, sizeof xsd));
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        hb_record *r = samples[i]();
        hb_err e = { 0 };
        for (int draft = 0; draft <= 1; draft++) {
            snprintf(file, sizeof file, "%s/r%zu-%d.xml", dir, i, draft);
            if (record_xml_write_file(r, draft, file, &e))
                fail_msg("%s", e.msg);
            snprintf(cmd, sizeof cmd,
                     "xmllint --noout --nonet --schema '%s' '%s' 2>/dev/null",
                     xsd, file);
            assert_int_equal(system(cmd), 0);
            hb_record *back = record_xml_read_file(file, &e);
            if (!back)
                fail_msg("%s", e.msg);
            assert_records_equal(r, back, draft);
            record_free(back);
            unlink(file);
        }
        record_free(r);
    }
    /* no temporary file left behind */
    assert_int_equal(rmdir(dir), 0);
}

/* ---- invalid documents ------------------------------------------------ */

static void expect_refusal(const char *fixture, int code, const char *part1,
                           const char *part2)
{
    char path[4096];
    hb_err e = { 0 };
    data_path(fixture, path, sizeof path);
    hb_record *r = record_xml_read_file(path, &e);
    if (r) {
        record_free(r);
        fail_msg("%s was accepted", fixture);
    }
    if (e.code != code || !strstr(e.msg, path) || !strstr(e.msg, part1) ||
        (part2 && !strstr(e.msg, part2)))
        fail_msg("%s: unexpected error (code %d): %s", fixture, e.code, e.msg);
    assert_null(strchr(e.msg, '\n'));
}

static void minimal_fixture_is_valid(void **state)
{
    (void)state;
    char path[4096];
    hb_err e = { 0 };
    hb_record *r = record_xml_read_file(data_path("minimal.xml", path,
                                                  sizeof path), &e);
    if (!r)
        fail_msg("%s", e.msg);
    assert_string_equal(r->student.ho_ten.value, "Nguyễn Văn An");
    assert_string_equal(record_find_subject(r, "TOAN")->cn.value, "8.3");
    record_free(r);
}

static void invalid_documents_name_element_line_reason(void **state)
{
    (void)state;
    expect_refusal("wrong_element.xml", HB_EINVALID,
                   ":11: element BIET_DANH:", "not expected");
    expect_refusal("bad_order.xml", HB_EINVALID, ":14: element NAM_HOC:",
                   "not expected");
    expect_refusal("missing_required.xml", HB_EINVALID,
                   ":5: element NGUON_DU_LIEU:", "PHIEN_BAN");
    expect_refusal("bad_annotation.xml", HB_EINVALID, ":16: element CA_NAM:",
                   "'conf'");
    expect_refusal("sig_in_data.xml", HB_EINVALID, ":11: element Signature:",
                   "not expected");
    expect_refusal("foreign_in_slot.xml", HB_EINVALID, ":29: element KY:",
                   "not expected");

    /* a required block missing at the end of the document */
    char path[4096], *buf;
    data_path("minimal.xml", path, sizeof path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf = calloc(1, 8192);
    size_t n = fread(buf, 1, 8191, f);
    fclose(f);
    char *cut = strstr(buf, "  <PHAT_HANH_HOC_BA>");
    assert_non_null(cut);
    strcpy(cut, "</HOC_BA>\n");
    hb_err e = { 0 };
    (void)n;
    assert_null(record_xml_read_mem(buf, strlen(buf), "cut.xml", &e));
    assert_int_equal(e.code, HB_EINVALID);
    assert_non_null(strstr(e.msg, "cut.xml:2: element HOC_BA: Missing child"));
    assert_non_null(strstr(e.msg, "PHAT_HANH_HOC_BA"));
    free(buf);
}

static void subject_id_must_match_code(void **state)
{
    (void)state;
    char path[4096];
    data_path("minimal.xml", path, sizeof path);
    FILE *f = fopen(path, "rb");
    char buf[4096] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *m = strstr(buf, "ma=\"TOAN\"");
    assert_non_null(m);
    memcpy(m, "ma=\"HOAH\"", 9); /* the Id still says mon-TOAN */
    hb_err e = { 0 };
    assert_null(record_xml_read_mem(buf, n, "swap.xml", &e));
    assert_non_null(strstr(e.msg, "swap.xml:15: element DIEM_TONG_KET:"));
    assert_non_null(strstr(e.msg, "does not match"));

    /* the unknown subject of the TT22 sample is the 13th row: mon-x13 */
    hb_record *r = record_sample_tt22();
    char *xml = record_xml_write_mem(r, 0, NULL, &e);
    assert_non_null(xml);
    char *x = strstr(xml, "Id=\"mon-x13\"");
    assert_non_null(x);
    char *end = strchr(x, '>');
    assert_non_null(strstr(x, "ten=\"Tiếng Hàn\""));
    assert_true(strstr(x, "ten=\"Tiếng Hàn\"") < end);
    assert_true(!strstr(x, " ma=") || strstr(x, " ma=") > end);
    free(xml);
    record_free(r);
}

/* ---- hostile input ---------------------------------------------------- */

static void hostile_documents_refused(void **state)
{
    (void)state;
    expect_refusal("xxe.xml", HB_EFORMAT, ":2: document type declaration",
                   "nothing of it was read");
    expect_refusal("billion_laughs.xml", HB_EFORMAT, "(<!DOCTYPE>) refused",
                   NULL);
    expect_refusal("external_dtd.xml", HB_EFORMAT, "(<!DOCTYPE>) refused",
                   NULL);
    expect_refusal("parameter_entity.xml", HB_EFORMAT,
                   "(<!DOCTYPE>) refused", NULL);
    expect_refusal("latin1.xml", HB_EFORMAT, "not UTF-8", "offset");
    expect_refusal("utf16.xml", HB_EFORMAT, "not UTF-8", "offset 0");
    expect_refusal("declared_latin1.xml", HB_EFORMAT,
                   "declares encoding ISO-8859-1", NULL);
    expect_refusal("undeclared_entity.xml", HB_EFORMAT, "not well-formed",
                   "xxe");
    expect_refusal("truncated.xml", HB_EFORMAT, "not well-formed", NULL);
    expect_refusal("dup_id.xml", HB_EINVALID, "duplicate Id \"data\"",
                   "first at line 3");

    /* a schema location hint is ignored: nothing is fetched or opened */
    char path[4096];
    hb_err e0 = { 0 };
    hb_record *r = record_xml_read_file(data_path("xsi_hint.xml", path,
                                                  sizeof path), &e0);
    if (!r)
        fail_msg("%s", e0.msg);
    record_free(r);

    /* NUL bytes and empty input */
    hb_err e = { 0 };
    assert_null(record_xml_parse_mem("<a>\0</a>", 8, "nul.xml", &e));
    assert_non_null(strstr(e.msg, "nul.xml: character U+0000"));
    assert_null(record_xml_parse_mem("", 0, "empty.xml", &e));
    assert_non_null(strstr(e.msg, "empty.xml: empty document"));

    /* nesting far deeper than any record: libxml2's depth limit is kept
     * (no XML_PARSE_HUGE), so this is refused, not a stack overflow */
    const size_t depth = 50000;
    char *deep = malloc(depth * 7 + 1), *p = deep;
    for (size_t i = 0; i < depth; i++, p += 3)
        memcpy(p, "<a>", 3);
    for (size_t i = 0; i < depth; i++, p += 4)
        memcpy(p, "</a>", 4);
    assert_null(record_xml_parse_mem(deep, (size_t)(p - deep), "deep.xml", &e));
    assert_non_null(strstr(e.msg, "deep.xml:1: not well-formed XML"));
    free(deep);

    /* the right names in no namespace are not the vocabulary */
    const char *nons = "<HOC_BA phienBan=\"1.0\"/>";
    assert_null(record_xml_read_mem(nons, strlen(nons), "nons.xml", &e));
    assert_int_equal(e.code, HB_EINVALID);
    assert_non_null(strstr(e.msg, "nons.xml:1: element HOC_BA: No matching "
                                  "global declaration"));
}

static void oversize_refused_before_parsing(void **state)
{
    (void)state;
    hb_err e = { 0 };
    size_t big = (size_t)HB_XML_MAX_BYTES + 1;
    /* not even touched: only the length is looked at */
    char *buf = malloc(big);
    assert_non_null(buf);
    assert_null(record_xml_parse_mem(buf, big, "big.xml", &e));
    assert_int_equal(e.code, HB_EFORMAT);
    assert_non_null(strstr(e.msg, "big.xml: 16777217 bytes, larger than"));
    free(buf);

    char dir[] = "/tmp/hocba-xml-XXXXXX", file[128];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/sparse.xml", dir);
    int fd = open(file, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)big), 0);
    close(fd);
    assert_null(record_xml_read_file(file, &e));
    assert_non_null(strstr(e.msg, "larger than"));
    unlink(file);

    /* a FIFO would block a naive reader forever */
    snprintf(file, sizeof file, "%s/fifo.xml", dir);
    assert_int_equal(mkfifo(file, 0600), 0);
    assert_null(record_xml_read_file(file, &e));
    assert_non_null(strstr(e.msg, "not a regular file"));
    unlink(file);
    snprintf(file, sizeof file, "%s/missing.xml", dir);
    assert_null(record_xml_read_file(file, &e));
    assert_int_equal(e.code, HB_EIO);
    assert_int_equal(rmdir(dir), 0);
}

/* ---- formats and values ----------------------------------------------- */

static void expect_format_refusal(const char *path, const char *value,
                                  const char *why)
{
    hb_record *r = record_sample_tt58();
    hb_err e = { 0 };
    assert_int_equal(record_field_set(record_find_field(r, path), value), 0);
    /* a draft holds what was read... */
    char *xml = record_xml_write_mem(r, 1, NULL, &e);
    if (!xml)
        fail_msg("draft refused: %s", e.msg);
    free(xml);
    /* ...a finished record must have the firm format */
    assert_null(record_xml_write_mem(r, 0, NULL, &e));
    assert_int_equal(e.code, HB_EINVALID);
    if (!strstr(e.msg, path) || !strstr(e.msg, value) || !strstr(e.msg, why))
        fail_msg("unexpected error: %s", e.msg);
    record_free(r);
}

static void finished_records_have_firm_formats(void **state)
{
    (void)state;
    expect_format_refusal("LY_LICH/NGAY_SINH", "12/03/2006", "ISO date");
    expect_format_refusal("LY_LICH/NGAY_SINH", "2006-02-29", "ISO date");
    expect_format_refusal("THONG_TIN_HOC_BA/NAM_HOC", "2019-2021",
                          "school year");
    expect_format_refusal("LY_LICH/QUA_TRINH_HOC_TAP/MUC[2]/NAM_HOC",
                          "2O18-2019", "school year");
    expect_format_refusal("LY_LICH/MA_DINH_DANH", "03730600123", "12-digit");
    expect_format_refusal("LY_LICH/GIOI_TINH", "Nu", "Nam or Nữ");
    expect_format_refusal("THONG_TIN_HOC_BA/PHE_DUYET/NGAY", "2020-13-01",
                          "ISO date");

    /* a blank on paper is not a format error; 2008-02-29 is a real day */
    hb_record *r = record_sample_tt58();
    hb_err e = { 0 };
    record_field_set(&r->student.ma_dinh_danh, "");
    record_field_set(&r->student.ngay_sinh, "2008-02-29");
    assert_int_equal(record_xml_check_formats(r, &e), 0);
    record_free(r);
}

static void values_escape_and_bad_text_refused(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt22();
    hb_err e = { 0 };
    record_field_set(&r->year.nhan_xet_gvcn,
                     "Điểm <10 & \"tốt\"; 'cần' cố gắng ]]> &amp;");
    hb_subject *s = record_find_subject(r, "Tiếng Hàn");
    free(s->name);
    s->name = strdup("Tiếng \"Hàn\" & <Nhật>");
    record_add_correction(&r->verifications[0], "LY_LICH/HO_TEN", "A\"<", "B&>",
                          "2025-12-03T14:03:00Z", "giấy ghi \"như vậy\" <&>");
    size_t len;
    char *xml = record_xml_write_mem(r, 1, &len, &e);
    if (!xml)
        fail_msg("%s", e.msg);
    hb_record *back = record_xml_read_mem(xml, len, "esc", &e);
    if (!back)
        fail_msg("%s", e.msg);
    assert_records_equal(r, back, 1);
    record_free(back);
    free(xml);

    /* a control character from a bad scan cannot be written as XML */
    free(r->year.nhan_xet_gvcn.value);
    r->year.nhan_xet_gvcn.value = strdup("ab\x01" "cd");
    assert_null(record_xml_write_mem(r, 1, NULL, &e));
    assert_non_null(strstr(e.msg, "NHAN_XET_GVCN"));
    assert_non_null(strstr(e.msg, "U+0001"));
    record_field_set(&r->year.nhan_xet_gvcn, "ok");

    /* a program-made value out of its set is a schema error */
    record_field_set(&r->year.che_do, "TT99");
    assert_null(record_xml_write_mem(r, 1, NULL, &e));
    assert_int_equal(e.code, HB_EINVALID);
    assert_non_null(strstr(e.msg, "element CHE_DO:"));
    assert_non_null(strstr(e.msg, "TT99"));
    record_field_set(&r->year.che_do, "TT22");
    r->verifications[0].time[10] = ' '; /* "2025-12-03 14:05:00+07:00" */
    assert_null(record_xml_write_mem(r, 1, NULL, &e));
    assert_non_null(strstr(e.msg, "element XAC_MINH:"));
    assert_non_null(strstr(e.msg, "thoiGian"));
    record_free(r);
}

/* ---- signatures ------------------------------------------------------- */

static void signed_documents_still_validate(void **state)
{
    (void)state;
    char path[4096];
    hb_err e = { 0 };
    data_path("signed_slots.xml", path, sizeof path);
    xmlDocPtr doc = record_xml_parse_file(path, &e);
    if (!doc)
        fail_msg("%s", e.msg);
    assert_int_equal(record_xml_validate(doc, path, &e), 0);
    /* validation registers the xs:ID attributes: #data resolves */
    xmlAttrPtr id = xmlGetID(doc, BAD_CAST "data");
    assert_non_null(id);
    assert_string_equal((const char *)id->parent->name, "DU_LIEU_HOC_BA");
    xmlFreeDoc(doc);

    /* signatures added to a document the program wrote, in every slot */
    hb_record *r = record_sample_tt58();
    doc = record_xml_build(r, 0, &e);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNsPtr ds = NULL;
    int slots = 0;
    for (xmlNodePtr blk = root->children; blk; blk = blk->next) {
        if (strcmp((const char *)blk->name, "DU_LIEU_HOC_BA") == 0)
            continue;
        for (xmlNodePtr slot = blk->children; slot; slot = slot->next) {
            if (strcmp((const char *)slot->name, "DANH_SACH_GVBM") == 0) {
                slot = xmlNewChild(slot, root->ns, BAD_CAST "GVBM", NULL);
                xmlNewProp(slot, BAD_CAST "ma", BAD_CAST "TOAN");
            }
            if (!ds)
                ds = xmlNewNs(root, BAD_CAST "http://www.w3.org/2000/09/xmldsig#",
                              BAD_CAST "ds");
            for (int k = 0; k < 2; k++) /* re-signing adds one */
                xmlNewChild(xmlNewChild(slot, ds, BAD_CAST "Signature", NULL),
                            ds, BAD_CAST "SignedInfo", NULL);
            slots++;
        }
    }
    assert_int_equal(slots, 5);
    xmlChar *mem;
    int n;
    xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
    xmlFreeDoc(doc);
    hb_record *back = record_xml_read_mem((const char *)mem, (size_t)n,
                                          "signed", &e);
    if (!back)
        fail_msg("%s", e.msg);
    assert_records_equal(r, back, 0);
    record_free(back);
    xmlFree(mem);
    record_free(r);
}

/* ---- cost ------------------------------------------------------------- */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Not an assertion on speed (the sanitizer build is slower): a figure for
 * the report, printed as a TAP comment. */
static void cost_of_write_and_read(void **state)
{
    (void)state;
    hb_record *r = record_sample_tt58();
    hb_err e = { 0 };
    const int n = 20;
    double t0 = now();
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        char *xml = record_xml_write_mem(r, 1, &len, &e);
        assert_non_null(xml);
        hb_record *b = record_xml_read_mem(xml, len, "t", &e);
        assert_non_null(b);
        record_free(b);
        free(xml);
    }
    double t1 = now();
    printf("# write+validate+read+validate of a %zu-byte TT58 draft: %.2f ms\n",
           len, (t1 - t0) * 1000.0 / n);
    record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(roundtrip_draft, (void *)record_sample_tt58),
        cmocka_unit_test_prestate(roundtrip_draft, (void *)record_sample_tt22),
        cmocka_unit_test_prestate(roundtrip_draft, (void *)record_sample_tt27),
        cmocka_unit_test_prestate(roundtrip_record, (void *)record_sample_tt58),
        cmocka_unit_test_prestate(roundtrip_record, (void *)record_sample_tt22),
        cmocka_unit_test_prestate(roundtrip_record, (void *)record_sample_tt27),
        cmocka_unit_test(every_slot_round_trips),
        cmocka_unit_test(xmllint_accepts_written_file),
        cmocka_unit_test(minimal_fixture_is_valid),
        cmocka_unit_test(invalid_documents_name_element_line_reason),
        cmocka_unit_test(subject_id_must_match_code),
        cmocka_unit_test(hostile_documents_refused),
        cmocka_unit_test(oversize_refused_before_parsing),
        cmocka_unit_test(finished_records_have_firm_formats),
        cmocka_unit_test(values_escape_and_bad_text_refused),
        cmocka_unit_test(signed_documents_still_validate),
        cmocka_unit_test(cost_of_write_and_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
