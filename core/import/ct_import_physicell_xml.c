/* The PhysiCell importer's helpers: finding XML elements, reading numbers and names with messages
 * that name the element, and adding to the scenario being built. */
#include <errno.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ct_import_physicell_internal.h"
#include "ct_json.h"

/* ---- XML helpers ---- */

xmlNodePtr pc_next(xmlNodePtr node, const char *name)
{
    for (; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name))
            return node;
    return NULL;
}

xmlNodePtr pc_child(xmlNodePtr node, const char *name)
{
    return node ? pc_next(node->children, name) : NULL;
}

xmlNodePtr pc_child_with(xmlNodePtr node, const char *name, const char *attr, const char *value)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name))
            continue;
        xmlChar *v = xmlGetProp(c, (const xmlChar *)attr);
        int match = v && !strcmp((const char *)v, value);
        xmlFree(v);
        if (match)
            return c;
    }
    return NULL;
}

int pc_fail(pc_import *im, xmlNodePtr node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ct_error_vset(im->err, CT_EINVAL, fmt, ap);
    va_end(ap);
    xmlChar *path = xmlGetNodePath(node);
    ct_error_prefix(im->err, "%s:%ld: %s: ", im->file, xmlGetLineNo(node),
                    path ? (const char *)path : "?");
    xmlFree(path);
    return CT_EINVAL;
}

int pc_require(pc_import *im, xmlNodePtr parent, const char *name, xmlNodePtr *out)
{
    *out = pc_child(parent, name);
    return *out ? CT_OK : pc_fail(im, parent, "missing <%s>", name);
}

int pc_number(pc_import *im, xmlNodePtr node, double min, double *out)
{
    xmlChar *text = xmlNodeGetContent(node);
    const char *s = text ? (const char *)text : "";
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r')
        end++;
    int ok = *s && !*end && !errno && isfinite(v) && v >= min;
    int rc = ok ? CT_OK : pc_fail(im, node, "expected a number >= %g, got \"%.40s\"", min, s);
    xmlFree(text);
    *out = v;
    return rc;
}

int pc_number_or(pc_import *im, xmlNodePtr parent, const char *name, double def, double min,
                 double *out)
{
    xmlNodePtr n = pc_child(parent, name);
    *out = def;
    return n ? pc_number(im, n, min, out) : CT_OK;
}

int pc_name_attr(pc_import *im, xmlNodePtr node, const char *attr, char out[CT_NAME_MAX])
{
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);
    int ok = v && ct_scenario_name_ok((const char *)v);
    if (ok)
        snprintf(out, CT_NAME_MAX, "%s", (const char *)v);
    int rc = ok ? CT_OK
                : pc_fail(im, node,
                          "expected a %s attribute of 1 to %d characters without , : or quotes, "
                          "got \"%.40s\"",
                          attr, CT_NAME_MAX - 1, v ? (const char *)v : "(none)");
    xmlFree(v);
    return rc;
}

int pc_true(const char *text)
{
    if (!text)
        return 0;
    while (*text == ' ' || *text == '\n' || *text == '\t' || *text == '\r')
        text++;
    size_t n = strcspn(text, " \n\t\r");
    return (n == 4 && !strncasecmp(text, "true", 4)) || (n == 1 && *text == '1');
}

int pc_element_true(xmlNodePtr node)
{
    xmlChar *t = node ? xmlNodeGetContent(node) : NULL;
    int on = t && pc_true((const char *)t);
    xmlFree(t);
    return on;
}

int pc_attr_true(xmlNodePtr node, const char *attr)
{
    xmlChar *v = node ? xmlGetProp(node, (const xmlChar *)attr) : NULL;
    int on = pc_true((const char *)v);
    xmlFree(v);
    return on;
}

/* ---- scenario helpers ---- */

int pc_out_of_memory(pc_import *im)
{
    return ct_error_set(im->err, CT_ENOMEM, "%s: out of memory", im->file);
}

int pc_note(pc_import *im, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    cJSON *s = cJSON_CreateString(line);
    if (!s || !cJSON_AddItemToArray(im->notes, s)) {
        cJSON_Delete(s);
        return pc_out_of_memory(im);
    }
    return CT_OK;
}

int pc_add_number(pc_import *im, cJSON *obj, const char *key, double value)
{
    return cJSON_AddNumberToObject(obj, key, value) ? CT_OK : pc_out_of_memory(im);
}

cJSON *pc_add_object(pc_import *im, cJSON *obj, const char *key)
{
    cJSON *o = cJSON_AddObjectToObject(obj, key);
    if (!o)
        pc_out_of_memory(im);
    return o;
}

int pc_section(pc_import *im, const char *element, const char *key, xmlNodePtr *node, cJSON **obj)
{
    int rc = pc_require(im, im->root, element, node);
    if (rc)
        return rc;
    *obj = pc_add_object(im, im->scenario, key);
    return *obj ? CT_OK : CT_ENOMEM; /* pc_add_object said so */
}

int pc_add_string(pc_import *im, cJSON *obj, const char *key, const char *value)
{
    return cJSON_AddStringToObject(obj, key, value) ? CT_OK : pc_out_of_memory(im);
}

int pc_field_index(const pc_import *im, const char *name)
{
    for (int i = 0; i < im->n_fields; i++)
        if (!strcmp(im->field_names[i], name))
            return i;
    return -1;
}

pc_type *pc_find_type(pc_import *im, const char *name)
{
    for (int i = 0; i < im->n_types; i++)
        if (!strcmp(im->types_info[i].name, name))
            return &im->types_info[i];
    return NULL;
}
