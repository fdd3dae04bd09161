/*
 * record_xml_int.h - names and helpers shared by the writer and the reader of
 * the record XML (record_xml_write.c, record_xml_read.c, record_xml.c).
 * Not a public interface: only the record_xml module includes it.
 *
 * Leaf element names (HO_TEN, CA_NAM, ...) live in record.h's leaf tables;
 * the names of the containers and attributes the two directions share are
 * written down here, once, so the writer and the reader cannot drift apart.
 * schemas/hocba-1.xsd is the third place that knows them (a test writes a
 * record with every slot filled and validates it, which catches any drift).
 */
#ifndef HB_RECORD_XML_INT_H
#define HB_RECORD_XML_INT_H

#include <stddef.h>

#include "record.h"

/* Document and data block. */
#define X_HOC_BA "HOC_BA"
#define X_DU_LIEU "DU_LIEU_HOC_BA"
#define X_HO_SO "THONG_TIN_HO_SO"
#define X_MA_HO_SO "MA_HO_SO"
#define X_PHIEN_BAN "PHIEN_BAN"
#define X_THAY_THE "THAY_THE"
#define X_NGUON_DU_LIEU "NGUON_DU_LIEU"
#define X_NGAY_SO_HOA "NGAY_SO_HOA"
#define X_SCHOOL "CO_SO_GIAO_DUC"
#define X_LY_LICH "LY_LICH"
#define X_HISTORY "QUA_TRINH_HOC_TAP"
#define X_MUC "MUC"
#define X_YEAR "THONG_TIN_HOC_BA"
#define X_BANG_DIEM "BANG_DIEM"
#define X_SUBJECT "DIEM_TONG_KET"
#define X_TONG_KET "TONG_KET_CA_NAM"
#define X_PHAM_CHAT "PHAM_CHAT"
#define X_NANG_LUC "NANG_LUC"
#define X_PHE_DUYET "PHE_DUYET"
#define X_NGUON_SO_HOA "NGUON_SO_HOA"
#define X_TRANG "TRANG"
#define X_XAC_MINH "XAC_MINH"
#define X_SUA_DOI "SUA_DOI"

/* Signature slots (filled by signing, never by this module). */
#define X_KY "DANH_SACH_THONG_TIN_KY"
#define X_NGUOI_XAC_MINH "NGUOI_XAC_MINH"
#define X_GVCN "GVCN"
#define X_DS_GVBM "DANH_SACH_GVBM"
#define X_PHAT_HANH "PHAT_HANH_HOC_BA"
#define X_CBQL "CBQL"
#define X_KY_PHAT_HANH "KY_PHAT_HANH"

/* Attributes. */
#define A_PHIEN_BAN "phienBan"
#define A_ID "Id"
#define A_MA "ma"
#define A_TEN "ten"
#define A_CONF "conf"
#define A_REVIEW "review"
#define A_REASON "reason"
#define A_PAGE "page"
#define A_BOX "box"
#define A_TEP "tep"
#define A_TRANG "trang"
#define A_SHA256 "sha256"
#define A_NGUOI "nguoi"
#define A_VAI_TRO "vaiTro"
#define A_THOI_GIAN "thoiGian"
#define A_TRUONG "truong"
#define A_CU "cu"
#define A_MOI "moi"
#define A_GHI_CHU "ghiChu"

/* Fixed values. */
#define V_VERSION "1.0"
#define V_ID_DATA "data"
#define V_ID_LY_LICH "lyLich"
#define V_ID_YEAR "thongtinhocba"
#define V_ID_TONG_KET "tongket"

/* The Id of subject row `index` (0-based): "mon-TOAN" for a catalogue
 * subject, "mon-x3" (1-based) for a row with no code.  A printed label is
 * never put in an Id: it may hold anything, and an Id must be an XML name.
 * Returns buf, or NULL when it does not fit. */
char *record_xml_subject_id(const hb_subject *s, size_t index, char *buf,
                            size_t size);

/* Nonzero when `s` is valid UTF-8 made only of characters XML 1.0 can carry
 * (no NUL or other C0 controls but tab, LF, CR; no U+FFFE/U+FFFF).  When it
 * is not, *bad receives the offending code point, or -1 for a byte that is
 * not UTF-8. */
int record_xml_text_ok(const char *s, long *bad);

#endif
