/* record_xml.c - placeholder until the XML mapping lands. */
#include "record_xml.h"

#define NOT_YET(e) err_set(e, HB_EUSAGE, "record XML is not available in this build yet")

xmlDocPtr record_xml_build(const hb_record *r, int draft, hb_err *e)
{
    (void)r; (void)draft; NOT_YET(e); return NULL;
}
int record_xml_write_file(const hb_record *r, int draft, const char *path, hb_err *e)
{
    (void)r; (void)draft; (void)path; return NOT_YET(e);
}
char *record_xml_write_mem(const hb_record *r, int draft, size_t *len, hb_err *e)
{
    (void)r; (void)draft; (void)len; NOT_YET(e); return NULL;
}
xmlDocPtr record_xml_parse_file(const char *path, hb_err *e)
{
    (void)path; NOT_YET(e); return NULL;
}
xmlDocPtr record_xml_parse_mem(const char *buf, size_t len, const char *name, hb_err *e)
{
    (void)buf; (void)len; (void)name; NOT_YET(e); return NULL;
}
int record_xml_validate(xmlDocPtr doc, const char *name, hb_err *e)
{
    (void)doc; (void)name; return NOT_YET(e);
}
hb_record *record_xml_to_record(xmlDocPtr doc, const char *name, hb_err *e)
{
    (void)doc; (void)name; NOT_YET(e); return NULL;
}
hb_record *record_xml_read_file(const char *path, hb_err *e)
{
    (void)path; NOT_YET(e); return NULL;
}
hb_record *record_xml_read_mem(const char *buf, size_t len, const char *name, hb_err *e)
{
    (void)buf; (void)len; (void)name; NOT_YET(e); return NULL;
}
