/* wsconfig.c - reading and writing DIR/config (see wsconfig.h). */
#include "wsconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "text.h"

#define CONFIG_MAX_BYTES (64 * 1024) /* a config is a dozen lines */

static const char *const known_roles[] = {
    "NGUOI_XAC_MINH", "GVCN", "GVBM", "CBQL", "KY_PHAT_HANH", NULL
};

int wsconfig_role_known(const char *role)
{
    for (const char *const *r = known_roles; *r; r++)
        if (strcmp(*r, role) == 0)
            return 1;
    return 0;
}

int wsconfig_role_required(const hb_wsconfig *c, const char *role)
{
    for (size_t i = 0; i < c->n_roles; i++)
        if (strcmp(c->roles[i], role) == 0)
            return 1;
    return 0;
}

static void free_roles(hb_wsconfig *c)
{
    for (size_t i = 0; i < c->n_roles; i++)
        free(c->roles[i]);
    c->n_roles = 0;
}

void wsconfig_free(hb_wsconfig *c)
{
    if (!c)
        return;
    free(c->school_code);
    free(c->school_name);
    free(c->commune);
    free(c->province);
    free(c->school_cert);
    free_roles(c);
    memset(c, 0, sizeof *c);
}

int wsconfig_init(hb_wsconfig *c, hb_err *e)
{
    memset(c, 0, sizeof *c);
    c->school_code = strdup("");
    c->school_name = strdup("");
    c->commune = strdup("");
    c->province = strdup("");
    c->school_cert = strdup("");
    c->roles[0] = strdup("NGUOI_XAC_MINH");
    c->roles[1] = strdup("CBQL");
    c->n_roles = 2;
    if (!c->school_code || !c->school_name || !c->commune || !c->province ||
        !c->school_cert || !c->roles[0] || !c->roles[1]) {
        wsconfig_free(c);
        return err_set(e, HB_ENOMEM, "config: out of memory");
    }
    return 0;
}

/* sign_roles: space- or comma-separated role names, each known, no repeats. */
static int set_roles(hb_wsconfig *c, const char *value, const char *where,
                     hb_err *e)
{
    char *roles[HB_WSCONFIG_MAX_ROLES];
    size_t n = 0;
    char *copy = strdup(value);
    if (!copy)
        return err_set(e, HB_ENOMEM, "%s: out of memory", where);
    int rc = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
        if (!wsconfig_role_known(t)) {
            rc = err_set(e, HB_EINVALID,
                         "%s: unknown role '%s' (roles: NGUOI_XAC_MINH GVCN "
                         "GVBM CBQL KY_PHAT_HANH)", where, t);
            break;
        }
        int dup = 0;
        for (size_t i = 0; i < n; i++)
            dup |= strcmp(roles[i], t) == 0;
        if (dup)
            continue;
        if (n == HB_WSCONFIG_MAX_ROLES) {
            rc = err_set(e, HB_EINVALID, "%s: too many roles", where);
            break;
        }
        if (!(roles[n] = strdup(t))) {
            rc = err_set(e, HB_ENOMEM, "%s: out of memory", where);
            break;
        }
        n++;
    }
    free(copy);
    if (rc == 0 && n == 0)
        rc = err_set(e, HB_EINVALID,
                     "%s: sign_roles is empty: a record needs at least one "
                     "signer", where);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(roles[i]);
        return rc;
    }
    free_roles(c);
    memcpy(c->roles, roles, n * sizeof roles[0]);
    c->n_roles = n;
    return 0;
}

int wsconfig_set(hb_wsconfig *c, const char *key, const char *value,
                 const char *where, hb_err *e)
{
    char *v = text_normalize(value);
    if (!v)
        return err_set(e, HB_EFORMAT, "%s: %s: not valid UTF-8 text", where,
                       key);
    char **slot = NULL;
    if (strcmp(key, "school_code") == 0)
        slot = &c->school_code;
    else if (strcmp(key, "school_name") == 0)
        slot = &c->school_name;
    else if (strcmp(key, "commune") == 0)
        slot = &c->commune;
    else if (strcmp(key, "province") == 0)
        slot = &c->province;
    else if (strcmp(key, "school_cert") == 0)
        slot = &c->school_cert;
    else if (strcmp(key, "sign_roles") == 0) {
        int rc = set_roles(c, v, where, e);
        free(v);
        return rc;
    } else {
        free(v);
        return err_set(e, HB_EINVALID,
                       "%s: unknown key '%s' (keys: school_code school_name "
                       "commune province sign_roles school_cert)", where, key);
    }
    free(*slot);
    *slot = v;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int wsconfig_read(hb_wsconfig *c, const char *path, hb_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, HB_EIO, "%s: %s", path, strerror(errno));
    char *buf = malloc(CONFIG_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    }
    size_t len = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return err_set(e, HB_EIO, "%s: read error", path);
    }
    if (len > CONFIG_MAX_BYTES) {
        free(buf);
        return err_set(e, HB_EFORMAT, "%s: larger than %d bytes, not a "
                       "hocba config", path, CONFIG_MAX_BYTES);
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return err_set(e, HB_EFORMAT, "%s: contains a NUL byte, not a text "
                       "file", path);
    }
    char *p = buf;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0) /* Notepad's byte order mark */
        p += 3;
    int rc = 0, lineno = 0;
    while (p && *p && rc == 0) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *line = trim(p);
        p = nl ? nl + 1 : NULL;
        if (*line == '\0' || *line == '#')
            continue;
        char where[1024];
        snprintf(where, sizeof where, "%s:%d", path, lineno);
        char *eq = strchr(line, '=');
        if (!eq) {
            rc = err_set(e, HB_EFORMAT, "%s: expected 'key = value'", where);
            break;
        }
        *eq = '\0';
        rc = wsconfig_set(c, trim(line), trim(eq + 1), where, e);
    }
    free(buf);
    return rc;
}

int wsconfig_write(const hb_wsconfig *c, const char *path, hb_err *e)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return err_set(e, HB_ENOMEM, "%s: out of memory", path);
    /* "key = value", or "key =" when the value is empty. */
#define KV(key, v) fprintf(f, "%s =%s%s\n", key, *(v) ? " " : "", v)
    fprintf(f, "# hocba workspace configuration (UTF-8).  One 'key = value' "
               "per line.\n"
               "# The school whose books this workspace digitizes "
               "(CO_SO_GIAO_DUC of every record):\n");
    KV("school_code", c->school_code);
    KV("school_name", c->school_name);
    fprintf(f, "# commune or ward (xã/phường), and province (tỉnh/thành "
               "phố)\n");
    KV("commune", c->commune);
    KV("province", c->province);
    fprintf(f, "# Who must sign a digitized record before it is issued "
               "(roles: NGUOI_XAC_MINH GVCN\n"
               "# GVBM CBQL KY_PHAT_HANH).  Default: the verifier and the "
               "principal.\n"
               "sign_roles =");
    for (size_t i = 0; i < c->n_roles; i++)
        fprintf(f, " %s", c->roles[i]);
    fprintf(f, "\n# The school's organisational certificate (KY_PHAT_HANH), "
               "a PKCS#12 file or a\n"
               "# pkcs11: URI; empty = not used.\n");
    KV("school_cert", c->school_cert);
#undef KV
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    int rc = bad ? err_set(e, HB_ENOMEM, "%s: out of memory", path)
                 : files_write_atomic(path, text, len, e);
    free(text);
    return rc;
}
