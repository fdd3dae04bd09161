/* sign.c - XMLDSig signatures of a record in its role slots (see sign.h). */
#include "sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/valid.h>
#include <libxml/xmlsave.h>
#include <openssl/x509v3.h>
#include <xmlsec/base64.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>

#include "files.h"
#include "record_xml.h"
#include "xmlsec_init.h"

static const char *const role_names[HB_ROLE_COUNT] = {
    "NGUOI_XAC_MINH", "GVCN", "GVBM", "CBQL", "KY_PHAT_HANH"
};

/* The Id of each role's Signature starts with this (sig-cbql-1, ...). */
static const char *const role_ids[HB_ROLE_COUNT] = {
    "nguoi-xac-minh", "gvcn", "gvbm", "cbql", "ky-phat-hanh"
};

int sign_role_parse(const char *name, hb_role *role)
{
    for (int r = 0; r < HB_ROLE_COUNT; r++) {
        if (strcmp(name, role_names[r]) == 0) {
            *role = (hb_role)r;
            return 0;
        }
    }
    return -1;
}

const char *sign_role_name(hb_role role)
{
    return role >= 0 && role < HB_ROLE_COUNT ? role_names[role] : "?";
}

static const char *doc_name(xmlDocPtr doc)
{
    return doc && doc->URL ? (const char *)doc->URL : "record";
}

/* ------------------------------------------------------------------ */
/* finding things by position */

static int is_hb(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST HB_XML_NS) &&
           xmlStrEqual(n->name, BAD_CAST name);
}

/* The one child element `name` of `parent`; NULL when there is none or
 * more than one (a second DU_LIEU_HOC_BA is how a wrapping attack would
 * smuggle in other data). */
static xmlNodePtr only_child(xmlNodePtr parent, const char *name)
{
    xmlNodePtr found = NULL;

    if (!parent)
        return NULL;
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (is_hb(c, name)) {
            if (found)
                return NULL;
            found = c;
        }
    }
    return found;
}

/* The one child `name` whose attribute ma is `code`. */
static xmlNodePtr only_child_ma(xmlNodePtr parent, const char *name,
                                const char *code, int *count)
{
    xmlNodePtr found = NULL;

    *count = 0;
    if (!parent)
        return NULL;
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (!is_hb(c, name))
            continue;
        xmlChar *ma = xmlGetNoNsProp(c, BAD_CAST "ma");
        if (ma && code && xmlStrEqual(ma, BAD_CAST code)) {
            found = c;
            (*count)++;
        }
        xmlFree(ma);
    }
    return *count == 1 ? found : NULL;
}

static xmlNodePtr record_root(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    return is_hb(root, "HOC_BA") ? root : NULL;
}

const char *sign_target_id(hb_role role, const char *subject, char *buf,
                           size_t size)
{
    switch (role) {
    case HB_ROLE_GVCN:
        snprintf(buf, size, "thongtinhocba");
        break;
    case HB_ROLE_GVBM:
        snprintf(buf, size, "mon-%s", subject ? subject : "");
        break;
    default:
        snprintf(buf, size, "data");
        break;
    }
    return buf;
}

xmlNodePtr sign_target_element(xmlDocPtr doc, hb_role role,
                               const char *subject)
{
    xmlNodePtr data = only_child(record_root(doc), "DU_LIEU_HOC_BA");
    xmlNodePtr year, want;
    char id[128];
    int n;

    if (role == HB_ROLE_GVCN || role == HB_ROLE_GVBM) {
        year = only_child(data, "THONG_TIN_HOC_BA");
        if (role == HB_ROLE_GVCN)
            want = year;
        else
            want = only_child_ma(only_child(year, "BANG_DIEM"),
                                 "DIEM_TONG_KET", subject, &n);
    } else {
        want = data;
    }
    if (!want)
        return NULL;
    /* the element must carry the Id the role references */
    sign_target_id(role, subject, id, sizeof id);
    xmlChar *have = xmlGetNoNsProp(want, BAD_CAST "Id");
    int same = have && xmlStrEqual(have, BAD_CAST id);
    xmlFree(have);
    return same ? want : NULL;
}

xmlNodePtr sign_find_slot(xmlDocPtr doc, hb_role role, const char *subject,
                          int create, hb_err *e)
{
    xmlNodePtr root = record_root(doc), list, slot;
    int n;

    if (!root) {
        err_set(e, HB_EFORMAT, "%s: not a học bạ record (no HOC_BA root in "
                "%s)", doc_name(doc), HB_XML_NS);
        return NULL;
    }
    switch (role) {
    case HB_ROLE_NGUOI_XAC_MINH:
    case HB_ROLE_GVCN:
        list = only_child(root, "DANH_SACH_THONG_TIN_KY");
        slot = only_child(list, role_names[role]);
        break;
    case HB_ROLE_GVBM:
        if (!subject || !*subject) {
            err_set(e, HB_EUSAGE, "%s: GVBM signs one subject: name it "
                    "(--subject CODE)", doc_name(doc));
            return NULL;
        }
        list = only_child(only_child(root, "DANH_SACH_THONG_TIN_KY"),
                          "DANH_SACH_GVBM");
        slot = only_child_ma(list, "GVBM", subject, &n);
        if (!slot && n > 1) {
            err_set(e, HB_EINVALID, "%s: %d GVBM slots for subject %s",
                    doc_name(doc), n, subject);
            return NULL;
        }
        if (!slot && list && create) {
            if (!sign_target_element(doc, role, subject)) {
                err_set(e, HB_ENOTFOUND, "%s: no subject %s (DIEM_TONG_KET "
                        "Id=\"mon-%s\") in the record", doc_name(doc),
                        subject, subject);
                return NULL;
            }
            slot = xmlNewChild(list, list->ns, BAD_CAST "GVBM", NULL);
            if (slot)
                xmlNewProp(slot, BAD_CAST "ma", BAD_CAST subject);
        }
        break;
    default:
        list = only_child(root, "PHAT_HANH_HOC_BA");
        slot = only_child(list, role_names[role]);
        break;
    }
    if (!slot)
        err_set(e, HB_ENOTFOUND, "%s: the record has no %s%s%s signature "
                "slot", doc_name(doc), role_names[role],
                role == HB_ROLE_GVBM ? " " : "",
                role == HB_ROLE_GVBM ? subject : "");
    return slot;
}

/* ------------------------------------------------------------------ */
/* Ids */

static int is_id_attr(xmlAttrPtr a)
{
    if (!a->ns)
        return xmlStrEqual(a->name, BAD_CAST "Id");
    return xmlStrEqual(a->name, BAD_CAST "id") &&
           xmlStrEqual(a->ns->href, XML_XML_NAMESPACE);
}

int sign_register_ids(xmlDocPtr doc, hb_err *e)
{
    xmlHashTablePtr seen;
    xmlNodePtr n = xmlDocGetRootElement(doc);
    int rc = 0;

    if (doc->intSubset || doc->extSubset)
        return err_set(e, HB_EINVALID, "%s: has a DTD (<!DOCTYPE>), which a "
                       "record never has", doc_name(doc));
    seen = xmlHashCreate(64);
    if (!seen)
        return err_set(e, HB_ENOMEM, "%s: out of memory", doc_name(doc));
    /* depth-first walk without recursion */
    while (n && rc == 0) {
        if (n->type == XML_ELEMENT_NODE) {
            for (xmlAttrPtr a = n->properties; a && rc == 0; a = a->next) {
                if (!is_id_attr(a))
                    continue;
                xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
                if (!v)
                    v = xmlStrdup(BAD_CAST "");
                xmlNodePtr first = xmlHashLookup(seen, v);
                if (first) {
                    rc = err_set(e, HB_EINVALID, "%s: Id \"%s\" appears twice "
                                 "(lines %ld and %ld): refused, a duplicate Id "
                                 "is how signed data is swapped for other data",
                                 doc_name(doc), (char *)v,
                                 xmlGetLineNo(first), xmlGetLineNo(n));
                } else if (xmlHashAddEntry(seen, v, n) != 0) {
                    rc = err_set(e, HB_ENOMEM, "%s: out of memory",
                                 doc_name(doc));
                } else if (!a->ns) {
                    xmlAttrPtr have = xmlGetID(doc, v);
                    if (have && have != a)
                        rc = err_set(e, HB_EINVALID, "%s: Id \"%s\" is "
                                     "declared twice", doc_name(doc),
                                     (char *)v);
                    else if (!have && !xmlAddID(NULL, doc, v, a))
                        rc = err_set(e, HB_ENOMEM, "%s: cannot register Id "
                                     "\"%s\"", doc_name(doc), (char *)v);
                }
                xmlFree(v);
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children)
            n = n->children;
        else {
            while (n && !n->next)
                n = n->parent && n->parent->type == XML_ELEMENT_NODE
                        ? n->parent : NULL;
            if (n)
                n = n->next;
        }
    }
    xmlHashFree(seen, NULL);
    return rc;
}

/* ------------------------------------------------------------------ */
/* time */

char *sign_format_time(time_t t, char *buf, size_t size)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int sign_parse_time(const char *s, time_t *t)
{
    struct tm tm;
    int y, mo, d, h, mi, sec, off = 0, consumed = 0;
    const char *p;

    memset(&tm, 0, sizeof tm);
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
                     &sec, &consumed) != 6 || consumed != 19)
        return -1;
    p = s + consumed;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, c2 = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &c2) != 2 || c2 != 5 ||
            oh > 14 || om > 59)
            return -1;
        off = (oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
        p += 6;
    } else {
        return -1; /* a time without a zone means nothing certain */
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *t = timegm(&tm) - off;
    return 0;
}

/* ------------------------------------------------------------------ */
/* writing */

int sign_save_file(xmlDocPtr doc, const char *path, hb_err *e)
{
    char *tmp;
    int fd = files_open_temp(path, &tmp, e);
    if (fd < 0)
        return -1;
    /* options 0: no XML_SAVE_FORMAT, never re-indent a signed document.
     * The save context does not close fd (it has no close callback). */
    xmlSaveCtxtPtr save = xmlSaveToFd(fd, "UTF-8", 0);
    int rc = save ? (int)xmlSaveDoc(save, doc) : -1;
    if (save && xmlSaveClose(save) < 0)
        rc = -1;
    if (rc < 0) {
        files_discard_temp(fd, tmp);
        return err_set(e, HB_EIO, "%s: cannot write", path);
    }
    return files_commit_temp(fd, tmp, path, e);
}

/* ------------------------------------------------------------------ */
/* templates and signing */

static xmlNsPtr ns_in_scope(xmlDocPtr doc, xmlNodePtr at, const char *href)
{
    return xmlSearchNsByHref(doc, at, BAD_CAST href);
}

xmlNodePtr sign_add_template(xmlDocPtr doc, hb_role role,
                             const char *subject, hb_key_alg alg,
                             time_t when, hb_err *e)
{
    char sig_id[160], props_id[180], target[140], uri[200], at[32];
    xmlNodePtr slot, sig, ref, info, x509, obj, props, prop, st;
    xmlNsPtr ds, hb;
    int n = 1;

    slot = sign_find_slot(doc, role, subject, 1, e);
    if (!slot)
        return NULL;
    /* unique Ids: a slot may already hold signatures (re-signing adds) */
    do {
        if (role == HB_ROLE_GVBM)
            snprintf(sig_id, sizeof sig_id, "sig-%s-%s-%d", role_ids[role],
                     subject, n);
        else
            snprintf(sig_id, sizeof sig_id, "sig-%s-%d", role_ids[role], n);
        snprintf(props_id, sizeof props_id, "%s-props", sig_id);
        n++;
    } while (xmlGetID(doc, BAD_CAST sig_id) || xmlGetID(doc, BAD_CAST props_id));

    sig = xmlSecTmplSignatureCreateNsPref(
        doc, xmlSecTransformExclC14NId,
        alg == HB_KEY_EC ? xmlSecTransformEcdsaSha256Id
                         : xmlSecTransformRsaSha256Id,
        BAD_CAST sig_id, BAD_CAST "ds");
    if (!sig) {
        err_set(e, HB_ECRYPTO, "%s: cannot create a signature", doc_name(doc));
        return NULL;
    }
    xmlAddChild(slot, sig);

    snprintf(uri, sizeof uri, "#%s", sign_target_id(role, subject, target,
                                                    sizeof target));
    ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL,
                                          BAD_CAST uri, NULL);
    if (!ref || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId) ||
        !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId))
        goto fail;
    snprintf(uri, sizeof uri, "#%s", props_id);
    ref = xmlSecTmplSignatureAddReference(
        sig, xmlSecTransformSha256Id, NULL, BAD_CAST uri,
        BAD_CAST HB_DSIG_NS "SignatureProperties");
    if (!ref || !xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId))
        goto fail;

    info = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
    x509 = info ? xmlSecTmplKeyInfoAddX509Data(info) : NULL;
    if (!x509 || !xmlSecTmplX509DataAddCertificate(x509))
        goto fail;

    /* ds:Object/SignatureProperties/SignatureProperty/SigningTime, as in
     * the Vietnamese e-invoice profile; SigningTime is in the record's
     * namespace (XMLDSig allows any foreign element there). */
    obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
    ds = ns_in_scope(doc, sig, HB_DSIG_NS);
    hb = ns_in_scope(doc, slot, HB_XML_NS);
    if (!obj || !ds || !hb)
        goto fail;
    props = xmlNewChild(obj, ds, BAD_CAST "SignatureProperties", NULL);
    prop = props ? xmlNewChild(props, ds, BAD_CAST "SignatureProperty", NULL)
                 : NULL;
    st = prop ? xmlNewChild(prop, hb, BAD_CAST "SigningTime",
                            BAD_CAST sign_format_time(when, at, sizeof at))
              : NULL;
    snprintf(uri, sizeof uri, "#%s", sig_id);
    if (!st || !xmlNewProp(props, BAD_CAST "Id", BAD_CAST props_id) ||
        !xmlNewProp(prop, BAD_CAST "Target", BAD_CAST uri))
        goto fail;
    {
        xmlAttrPtr a1 = xmlHasProp(sig, BAD_CAST "Id");
        xmlAttrPtr a2 = xmlHasProp(props, BAD_CAST "Id");
        if (!a1 || !a2 || !xmlAddID(NULL, doc, BAD_CAST sig_id, a1) ||
            !xmlAddID(NULL, doc, BAD_CAST props_id, a2))
            goto fail;
    }
    return sig;

fail:
    xmlUnlinkNode(sig);
    xmlFreeNode(sig); /* also drops the Ids registered on it */
    err_set(e, HB_ECRYPTO, "%s: cannot build the %s signature", doc_name(doc),
            role_names[role]);
    return NULL;
}

/* For a token key (keys_is_external): the signature value xmlsec made
 * with the stand-in key is replaced by the token's signature over the very
 * bytes xmlsec signed, the canonical SignedInfo. */
static int replace_signature_value(xmlSecDSigCtxPtr ctx, xmlNodePtr sig,
                                   const hb_key *key, hb_err *e)
{
    xmlSecBufferPtr pre = xmlSecDSigCtxGetPreSignBuffer(ctx);
    xmlNodePtr value = xmlSecFindChild(sig, xmlSecNodeSignatureValue,
                                       xmlSecDSigNs);
    unsigned char *raw = NULL;
    size_t raw_len = 0;
    xmlChar *b64;

    if (!pre || !value || !xmlSecBufferGetData(pre))
        return err_set(e, HB_ECRYPTO, "%s: no signed content to sign",
                       keys_name(key));
    if (keys_sign_data(key, xmlSecBufferGetData(pre),
                       xmlSecBufferGetSize(pre), &raw, &raw_len, e) != 0)
        return -1;
    b64 = xmlSecBase64Encode(raw, (xmlSecSize)raw_len, 64);
    free(raw);
    if (!b64)
        return err_set(e, HB_ENOMEM, "out of memory");
    /* base64 has no characters that need escaping */
    xmlNodeSetContent(value, b64);
    xmlFree(b64);
    return 0;
}

int sign_template_fill(xmlNodePtr sig, const hb_key *key, hb_err *e)
{
    xmlSecDSigCtxPtr ctx;
    char why[512];
    int rc;

    ctx = xmlSecDSigCtxCreate(NULL);
    if (!ctx)
        return err_set(e, HB_ENOMEM, "out of memory");
    if (keys_is_external(key))
        ctx->flags |= XMLSEC_DSIG_FLAGS_STORE_SIGNATURE;
    ctx->signKey = xmlSecKeyDuplicate(keys_xmlsec_key(key));
    xmlsec_init_errors_reset();
    rc = ctx->signKey ? xmlSecDSigCtxSign(ctx, sig) : -1;
    if (rc < 0 || ctx->status != xmlSecDSigStatusSucceeded) {
        xmlsec_init_errors_first(why, sizeof why);
        xmlSecDSigCtxDestroy(ctx);
        return err_set(e, HB_ECRYPTO, "%s: signing failed (%s)",
                       keys_name(key), why[0] ? why : "unknown reason");
    }
    if (keys_is_external(key) && replace_signature_value(ctx, sig, key, e)) {
        xmlSecDSigCtxDestroy(ctx);
        return -1;
    }
    xmlSecDSigCtxDestroy(ctx);
    return 0;
}

/* A draft still carries the review annotations of record.md ("The
 * draft"); only an approved record, without them, is signed. */
static int has_draft_annotations(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlHasNsProp(n, BAD_CAST "review", NULL) ||
            xmlHasNsProp(n, BAD_CAST "conf", NULL))
            return 1;
        if (has_draft_annotations(n->children))
            return 1;
    }
    return 0;
}

static int check_certificate(X509 *cert, hb_role role, time_t when,
                             const hb_key *key, hb_err *e)
{
    char why[256], subj[1024];
    uint32_t ku = X509_get_key_usage(cert);

    if (keys_cert_check_time(cert, when, why, sizeof why) != 0)
        return err_set(e, HB_ECRYPTO, "%s: %s: refused", keys_name(key), why);
    if (ku != UINT32_MAX &&
        !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
        return err_set(e, HB_ECRYPTO, "%s: the certificate is not for "
                       "signing (its key usage allows neither "
                       "digitalSignature nor nonRepudiation)", keys_name(key));
    keys_cert_subject(cert, subj, sizeof subj);
    if (role == HB_ROLE_KY_PHAT_HANH && !strstr(subj, "MST:"))
        return err_set(e, HB_ECRYPTO, "%s: KY_PHAT_HANH needs the school's "
                       "organisational certificate, whose subject carries "
                       "MST: (the tax code); this one is \"%s\"",
                       keys_name(key), subj);
    return 0;
}

int sign_document(xmlDocPtr doc, hb_role role, const char *subject,
                  const hb_key *key, time_t when, hb_err *e)
{
    xmlNodePtr data, target, slot, sig;
    xmlAttrPtr id_attr;
    char id[140];
    int created;

    if (role < 0 || role >= HB_ROLE_COUNT)
        return err_set(e, HB_EUSAGE, "no such role");
    if (role != HB_ROLE_GVBM)
        subject = NULL;
    else if (!subject || !*subject)
        return err_set(e, HB_EUSAGE, "%s: GVBM signs one subject: name it "
                       "(--subject CODE)", doc_name(doc));
    if (xmlsec_init_libs(e) != 0)
        return -1;
    if (!record_root(doc))
        return err_set(e, HB_EFORMAT, "%s: not a học bạ record (no HOC_BA "
                       "root in %s)", doc_name(doc), HB_XML_NS);
    data = only_child(record_root(doc), "DU_LIEU_HOC_BA");
    if (!data)
        return err_set(e, HB_EFORMAT, "%s: no DU_LIEU_HOC_BA", doc_name(doc));
    if (has_draft_annotations(data))
        return err_set(e, HB_EINVALID, "%s: is a draft (fields still carry "
                       "review annotations); only approved records are "
                       "signed", doc_name(doc));
    if (sign_register_ids(doc, e) != 0)
        return -1;
    if (check_certificate(keys_cert(key), role, when, key, e) != 0)
        return -1;

    /* The element signed must be in its place and be the one its Id
     * names (registered just above, duplicates refused). */
    sign_target_id(role, subject, id, sizeof id);
    target = sign_target_element(doc, role, subject);
    id_attr = xmlGetID(doc, BAD_CAST id);
    if (!target || !id_attr || id_attr->parent != target)
        return err_set(e, HB_ENOTFOUND, "%s: the record has no element "
                       "Id=\"%s\" where %s signs", doc_name(doc), id,
                       role_names[role]);

    created = 0;
    if (role == HB_ROLE_GVBM) {
        hb_err ignored;
        created = sign_find_slot(doc, role, subject, 0, &ignored) == NULL;
    }
    sig = sign_add_template(doc, role, subject, keys_alg(key), when, e);
    if (!sig) {
        hb_err ignored;
        if (created && (slot = sign_find_slot(doc, role, subject, 0,
                                              &ignored)) != NULL) {
            xmlUnlinkNode(slot);
            xmlFreeNode(slot);
        }
        return -1;
    }
    slot = sig->parent;
    if (sign_template_fill(sig, key, e) != 0) {
        xmlUnlinkNode(sig);
        xmlFreeNode(sig);
        if (created) {
            xmlUnlinkNode(slot);
            xmlFreeNode(slot);
        }
        return -1;
    }
    return 0;
}
