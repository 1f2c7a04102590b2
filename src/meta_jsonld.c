/* JSON-LD: the objects of every script, their types (article, page, site,
 * organisation, person), the values each gives and its articleBody. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "meta_stage.h"

typedef struct ld_ctx {
  json_object *roots[MAX_LD_SCRIPTS * 2];
  size_t roots_n;
  json_object *objs[MAX_LD_OBJECTS];
  int rank[MAX_LD_OBJECTS];
  size_t objs_n;
  json_object *ids[MAX_LD_OBJECTS];
  size_t ids_n;
  int ymax;
} ld_ctx;

static const char *const article_types[] = {
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "APIReference",
    "ScholarlyArticle",
    "TechArticle",
};
static const char *const page_types[] = {"WebPage", "ItemPage",
                                         "MedicalWebPage"};
static const char *const org_types[] = {
    "Organization",          "NewsMediaOrganization", "Corporation",
    "OnlineBusiness",        "LocalBusiness",         "EducationalOrganization",
    "GovernmentOrganization"};

static const char *jstr(json_object *o, const char *key) {
  json_object *v;
  if (!o || !json_object_is_type(o, json_type_object) ||
      !json_object_object_get_ex(o, key, &v) ||
      !json_object_is_type(v, json_type_string))
    return NULL;
  const char *s = json_object_get_string(v);
  return pith_meta_has_text(s) ? s : NULL;
}

static json_object *jget(json_object *o, const char *key) {
  json_object *v;
  if (!o || !json_object_is_type(o, json_type_object) ||
      !json_object_object_get_ex(o, key, &v))
    return NULL;
  return v;
}

/* "http://schema.org/NewsArticle" → "NewsArticle". */
static const char *short_type(const char *t) {
  const char *slash = strrchr(t, '/');
  if (slash && slash[1])
    t = slash + 1;
  const char *colon = strrchr(t, ':');
  if (colon && colon[1])
    t = colon + 1;
  return t;
}

static int type_in(const char *t, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(t, list[i]) == 0)
      return 1;
  return 0;
}

/* 2 for an article type ("...Article" too), 1 for a web page, 3 for a
 * WebSite, 4 for an organisation, 5 for a person, else 0; *name gets the
 * matched type. A person who is also typed an organisation (the publisher
 * of a personal site) is a person. */
static int ld_kind(json_object *o, const char **name) {
  json_object *t = jget(o, "@type");
  if (!t)
    return 0;
  size_t n = 1;
  int is_array = json_object_is_type(t, json_type_array);
  if (is_array)
    n = json_object_array_length(t);
  int best = 0;
  for (size_t i = 0; i < n && i < 16; i++) {
    json_object *e = is_array ? json_object_array_get_idx(t, i) : t;
    if (!e || !json_object_is_type(e, json_type_string))
      continue;
    const char *s = short_type(json_object_get_string(e));
    size_t sl = strlen(s);
    int kind = 0;
    if (type_in(s, article_types,
                sizeof article_types / sizeof *article_types) ||
        (sl > 7 && strcmp(s + sl - 7, "Article") == 0))
      kind = 2;
    else if (type_in(s, page_types, sizeof page_types / sizeof *page_types))
      kind = 1;
    else if (strcasecmp(s, "WebSite") == 0)
      kind = 3;
    else if (type_in(s, org_types, sizeof org_types / sizeof *org_types))
      kind = 4;
    else if (strcasecmp(s, "Person") == 0)
      kind = 5;
    if (kind == 5 && best == 4) {
      best = kind;
      *name = s;
    } else if (kind == 2 || (kind && !best && !(kind == 4 && best == 5))) {
      /* An article type wins over the others in the same @type array. */
      if (best != 2) {
        best = kind;
        *name = s;
      }
    }
  }
  return best;
}

static void ld_collect(ld_ctx *c, json_object *o, int depth) {
  if (!o || depth > 6)
    return;
  if (json_object_is_type(o, json_type_array)) {
    size_t n = json_object_array_length(o);
    for (size_t i = 0; i < n && c->objs_n < MAX_LD_OBJECTS; i++)
      ld_collect(c, json_object_array_get_idx(o, i), depth + 1);
    return;
  }
  if (!json_object_is_type(o, json_type_object) || c->objs_n >= MAX_LD_OBJECTS)
    return;
  const char *type = NULL;
  int kind = ld_kind(o, &type);
  c->objs[c->objs_n] = o;
  c->rank[c->objs_n] = kind;
  c->objs_n++;
  if (jstr(o, "@id") && c->ids_n < MAX_LD_OBJECTS)
    c->ids[c->ids_n++] = o;
  ld_collect(c, jget(o, "@graph"), depth + 1);
  ld_collect(c, jget(o, "mainEntity"), depth + 1);
}

/* A reference {"@id": "..."} replaced by the object it names, if any. */
static json_object *ld_deref(ld_ctx *c, json_object *o) {
  if (!o || !json_object_is_type(o, json_type_object))
    return o;
  const char *id = jstr(o, "@id");
  if (!id || jstr(o, "name"))
    return o;
  for (size_t i = 0; i < c->ids_n; i++)
    if (c->ids[i] != o && strcmp(jstr(c->ids[i], "@id"), id) == 0)
      return c->ids[i];
  return o;
}

static json_object *first_of(json_object *o) {
  if (o && json_object_is_type(o, json_type_array))
    return json_object_array_length(o) ? json_object_array_get_idx(o, 0) : NULL;
  return o;
}

static void ld_author(ld_ctx *c, json_object *a, ld_info *info) {
  if (!a)
    return;
  int is_array = json_object_is_type(a, json_type_array);
  size_t n = is_array ? json_object_array_length(a) : 1;
  for (size_t i = 0; i < n && i < MAX_NAMES; i++) {
    json_object *e = is_array ? json_object_array_get_idx(a, i) : a;
    if (!e)
      continue;
    if (json_object_is_type(e, json_type_string)) {
      pith_meta_names_add(&info->people, json_object_get_string(e),
                          NAMES_SPLIT);
      continue;
    }
    e = ld_deref(c, e);
    if (!json_object_is_type(e, json_type_object))
      continue;
    const char *type = NULL;
    int kind = ld_kind(e, &type);
    const char *name = jstr(e, "name");
    char joined[256];
    if (!name) {
      const char *given = jstr(e, "givenName"), *family = jstr(e, "familyName");
      if (given && family) {
        snprintf(joined, sizeof joined, "%s %s", given, family);
        name = joined;
      }
    }
    if (name)
      pith_meta_names_add(kind == 4 ? &info->orgs : &info->people, name,
                          NAMES_SPLIT);
  }
}

static char *ld_image(ld_ctx *c, json_object *img) {
  img = ld_deref(c, first_of(img));
  if (!img)
    return NULL;
  if (json_object_is_type(img, json_type_string))
    return pith_meta_has_text(json_object_get_string(img))
               ? pith_strdup(json_object_get_string(img))
               : NULL;
  const char *u = jstr(img, "url");
  if (!u)
    u = jstr(img, "contentUrl");
  return u ? pith_strdup(u) : NULL;
}

/* A string or an array of strings, joined with ", " for the list splitter. */
static char *ld_strings(json_object *v) {
  if (!v)
    return NULL;
  if (json_object_is_type(v, json_type_string))
    return pith_meta_has_text(json_object_get_string(v))
               ? pith_strdup(json_object_get_string(v))
               : NULL;
  if (!json_object_is_type(v, json_type_array))
    return NULL;
  pith_buf b;
  pith_buf_init(&b, MAX_LONG * 2);
  size_t n = json_object_array_length(v);
  for (size_t i = 0; i < n && i < MAX_LIST_ITEMS; i++) {
    json_object *e = json_object_array_get_idx(v, i);
    if (!e || !json_object_is_type(e, json_type_string) ||
        !pith_meta_has_text(json_object_get_string(e)))
      continue;
    if (b.len)
      pith_buf_puts(&b, ", ");
    pith_buf_puts(&b, json_object_get_string(e));
  }
  if (b.failed || !b.len) {
    pith_buf_free(&b);
    return NULL;
  }
  return pith_buf_detach(&b);
}

/* A recipe's ingredients (recipeIngredient, or the older ingredients),
 * one per line, white space collapsed. */
static char *ld_lines(json_object *v) {
  if (!v || !json_object_is_type(v, json_type_array))
    return NULL;
  pith_buf b;
  pith_buf_init(&b, 16384);
  size_t n = json_object_array_length(v);
  for (size_t i = 0; i < n && i < 200; i++) {
    json_object *e = json_object_array_get_idx(v, i);
    if (!e || !json_object_is_type(e, json_type_string) ||
        !pith_meta_has_text(json_object_get_string(e)))
      continue;
    const char *t = json_object_get_string(e);
    char *line = pith_text_normalize_space(t, strlen(t));
    if (line && *line) {
      if (b.len)
        pith_buf_putc(&b, '\n');
      pith_buf_puts(&b, line);
    }
    free(line);
  }
  if (b.failed || !b.len) {
    pith_buf_free(&b);
    return NULL;
  }
  return pith_buf_detach(&b);
}

static void take(char **field, const char *value) {
  if (!*field && pith_meta_has_text(value))
    *field = pith_strdup(value);
}

static void take_date(ld_ctx *c, char **field, const char *value) {
  char date[DATE_MAX];
  if (!*field && value &&
      pith_meta_parse_date_year(value, c->ymax, date, sizeof date))
    *field = pith_strdup(date);
}

static void ld_fill(ld_ctx *c, json_object *o, int rank, ld_info *info) {
  const char *type = NULL;
  ld_kind(o, &type);
  take(&info->type, type);
  if (rank == 2) {
    take(&info->headline, jstr(o, "headline"));
    take(&info->headline, jstr(o, "name"));
    take(&info->body, jstr(o, "articleBody"));
  }
  if (!info->people.n && !info->orgs.n)
    ld_author(c, jget(o, "author"), info);
  if (!info->people.n && !info->orgs.n)
    ld_author(c, jget(o, "creator"), info);
  take_date(c, &info->date_pub, jstr(o, "datePublished"));
  take_date(c, &info->date_created, jstr(o, "dateCreated"));
  take_date(c, &info->date_mod, jstr(o, "dateModified"));
  json_object *pub = ld_deref(c, first_of(jget(o, "publisher")));
  const char *pub_type = NULL;
  if (pub && json_object_is_type(pub, json_type_string))
    take(&info->publisher, json_object_get_string(pub));
  else if (ld_kind(pub, &pub_type) != 5) /* a person's own site */
    take(&info->publisher, jstr(pub, "name"));
  if (!info->image)
    info->image = ld_image(c, jget(o, "image"));
  if (!info->image)
    take(&info->image, jstr(o, "thumbnailUrl"));
  if (!info->section)
    info->section = ld_strings(jget(o, "articleSection"));
  if (!info->keywords)
    info->keywords = ld_strings(jget(o, "keywords"));
  take(&info->description, jstr(o, "description"));
  json_object *lang = jget(o, "inLanguage");
  if (lang && json_object_is_type(lang, json_type_string))
    take(&info->language, json_object_get_string(lang));
  else if (lang)
    take(&info->language, jstr(lang, "alternateName"));
  take(&info->url, jstr(o, "url"));
  json_object *page = jget(o, "mainEntityOfPage");
  if (page && json_object_is_type(page, json_type_string))
    take(&info->url, json_object_get_string(page));
  else if (page) {
    take(&info->url, jstr(page, "@id"));
    take(&info->url, jstr(page, "url"));
  }
}

/* Parses up to MAX_LD_VALUES JSON values from one <script>. Broken JSON is
 * skipped; nesting beyond MAX_LD_DEPTH is refused by json-c. */
static void ld_parse_script(ld_ctx *c, xmlNodePtr script) {
  xmlChar *content = xmlNodeGetContent(script);
  if (!content)
    return;
  const char *s = (const char *)content;
  size_t n = strlen(s);
  /* Skip HTML comment and CDATA wrappers around the JSON. */
  size_t b = 0;
  const char *cdata = strstr(s, "<![CDATA[");
  const char *brace = strchr(s, '{');
  if (cdata && (!brace || cdata < brace))
    b = (size_t)(cdata - s) + 9;
  for (; b < n; b++) {
    if (s[b] == '{')
      break;
    if (s[b] == '[') {
      /* "[CDATA[" is not an array. */
      size_t k = b + 1;
      while (k < n && pith_is_space((unsigned char)s[k]))
        k++;
      if (k < n && (s[k] == '{' || s[k] == '[' || s[k] == '"' || s[k] == ']'))
        break;
    }
  }
  while (n > b && s[n - 1] != '}' && s[n - 1] != ']')
    n--;
  if (n > b && n - b <= MAX_LD_BYTES) {
    json_tokener *tok = json_tokener_new_ex(MAX_LD_DEPTH);
    if (tok) {
      size_t pos = b;
      for (int k = 0; k < MAX_LD_VALUES && pos < n &&
                      c->roots_n < sizeof c->roots / sizeof *c->roots;
           k++) {
        json_tokener_reset(tok);
        json_object *root = json_tokener_parse_ex(tok, s + pos, (int)(n - pos));
        if (!root && json_tokener_get_error(tok) == json_tokener_continue) {
          /* json-c waits for more input after a trailing comment ("//]]");
           * a NUL byte ends the input. */
          root = json_tokener_parse_ex(tok, "", 1);
          if (root && json_tokener_get_error(tok) == json_tokener_success)
            c->roots[c->roots_n++] = root;
          else
            json_object_put(root);
          break;
        }
        if (json_tokener_get_error(tok) != json_tokener_success || !root) {
          json_object_put(root);
          break;
        }
        c->roots[c->roots_n++] = root;
        pos += json_tokener_get_parse_end(tok);
        while (pos < n &&
               (pith_is_space((unsigned char)s[pos]) || s[pos] == ','))
          pos++;
      }
      json_tokener_free(tok);
    }
  }
  xmlFree(content);
}

void pith_meta_ld_extract(collector *col, ld_info *info) {
  memset(info, 0, sizeof *info);
  if (!col->ld_n)
    return;
  ld_ctx *c = calloc(1, sizeof *c);
  if (!c) {
    pith_nomem_note();
    return;
  }
  c->ymax = col->ymax;
  for (size_t i = 0; i < col->ld_n; i++)
    ld_parse_script(c, col->ld[i]);
  for (size_t i = 0; i < c->roots_n; i++)
    ld_collect(c, c->roots[i], 0);
  for (int rank = 2; rank >= 1; rank--)
    for (size_t i = 0; i < c->objs_n; i++)
      if (c->rank[i] == rank)
        ld_fill(c, c->objs[i], rank, info);
  for (size_t i = 0; i < c->objs_n && !info->ingredients; i++) {
    info->ingredients = ld_lines(jget(c->objs[i], "recipeIngredient"));
    if (!info->ingredients)
      info->ingredients = ld_lines(jget(c->objs[i], "ingredients"));
  }
  for (size_t i = 0; i < c->objs_n; i++) {
    if (c->rank[i] == 3)
      take(&info->website, jstr(c->objs[i], "name"));
    else if (c->rank[i] == 4)
      take(&info->org, jstr(c->objs[i], "name"));
  }
  for (size_t i = 0; i < c->roots_n; i++)
    json_object_put(c->roots[i]);
  free(c);
}

void pith_meta_ld_free(ld_info *info) {
  char **fields[] = {&info->headline,   &info->date_pub,  &info->date_created,
                     &info->date_mod,   &info->publisher, &info->image,
                     &info->section,    &info->keywords,  &info->description,
                     &info->language,   &info->url,       &info->body,
                     &info->type,       &info->website,   &info->org,
                     &info->ingredients};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    free(*fields[i]);
    *fields[i] = NULL;
  }
  pith_meta_names_free(&info->people);
  pith_meta_names_free(&info->orgs);
}
