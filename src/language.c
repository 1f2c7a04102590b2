/* The language of a text, for pages that do not declare one: the n-gram
 * classifier of libexttextcat (Cavnar & Trenkle 1994, "N-Gram-Based Text
 * Categorization"; the one LibreOffice uses), over the language models
 * Debian ships with it.
 *
 * Only the languages of the web are compared: those that W3Techs' survey
 * of content languages finds on at least about 0.01 % of sites. The
 * models of their close kin spoken by few (Scots beside English, Asturian
 * beside Spanish) otherwise win on short or list-like texts, and each
 * model compared costs time: half the models, half the time.
 *
 * The models are read once per process, on first use, and only read after
 * that: any number of threads may classify at once. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <constants.h>
#include <fingerprint.h>

#include "internal.h"

#ifndef PITH_TEXTCAT_DIR
#define PITH_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

/* A few hundred bytes of text are enough for the classifier (its
 * authors' note); 1000 keeps the accuracy of the whole text on the
 * development pages (98.5 % against their declared language) at a fifth
 * of a millisecond. */
#define PITH_LANGUAGE_SAMPLE_BYTES 1000
/* Below a sentence or two the n-gram profile is noise. */
#define PITH_LANGUAGE_MIN_BYTES 100

/* ISO 639-1 code and model file, the most common languages first: the
 * comparison stops early against models worse than the best so far. */
static const struct language_model {
  const char *code;
  const char *file;
} models[] = {
    {"en", "en.lm"},      {"de", "de.lm"},      {"es", "es.lm"},
    {"fr", "fr.lm"},      {"ru", "ru.lm"},      {"ja", "ja.lm"},
    {"pt", "pt.lm"},      {"it", "it.lm"},      {"zh", "zh-Hans.lm"},
    {"zh", "zh-Hant.lm"}, {"nl", "nl.lm"},      {"pl", "pl.lm"},
    {"tr", "tr.lm"},      {"fa", "fa.lm"},      {"vi", "vi.lm"},
    {"id", "id.lm"},      {"cs", "cs.lm"},      {"ko", "ko.lm"},
    {"uk", "uk.lm"},      {"ar", "ar.lm"},      {"hu", "hu.lm"},
    {"sv", "sv.lm"},      {"el", "el.lm"},      {"ro", "ro.lm"},
    {"da", "da.lm"},      {"fi", "fi.lm"},      {"he", "he.lm"},
    {"th", "th.lm"},      {"sk", "sk.lm"},      {"bg", "bg.lm"},
    {"sr", "sr-Cyrl.lm"}, {"sr", "sr-Latn.lm"}, {"nb", "nb.lm"},
    {"nn", "nn.lm"},      {"hr", "hr.lm"},      {"lt", "lt.lm"},
    {"sl", "sl.lm"},      {"ca", "ca.lm"},      {"lv", "lv.lm"},
    {"et", "et.lm"},      {"hi", "hi.lm"},      {"ms", "ms.lm"},
    {"bn", "bn.lm"},      {"az", "az.lm"},      {"ka", "ka.lm"},
    {"kk", "kk.lm"},      {"sq", "sq.lm"},      {"mk", "mk.lm"},
    {"is", "is.lm"},      {"hy", "hy.lm"},      {"be", "be.lm"},
    {"eu", "eu.lm"},      {"gl", "gl.lm"},      {"bs", "bs.lm"},
    {"ta", "ta.lm"},      {"ur", "ur.lm"},      {"mn", "mn.lm"},
    {"uz", "uz.lm"},      {"tl", "tl.lm"},      {"sw", "sw.lm"},
    {"af", "af.lm"},      {"cy", "cy.lm"},      {"ga", "ga.lm"},
    {"mr", "mr.lm"},      {"ml", "ml.lm"},      {"kn", "kn.lm"},
    {"gu", "gu.lm"},      {"pa", "pa.lm"},      {"si", "si.lm"},
    {"ne", "ne.lm"},      {"km", "km.lm"},      {"lo", "lo.lm"},
    {"my", "my.lm"},      {"am", "am.lm"},      {"lb", "lb.lm"},
    {"mt", "mt.lm"},
};

#define MODEL_COUNT (sizeof models / sizeof *models)

/* Written once under pthread_once, read-only afterwards. */
static struct loaded_models {
  void *profile[MODEL_COUNT]; /* NULL: the model could not be read */
  const char *code[MODEL_COUNT];
  size_t count;
} loaded;
static pthread_once_t loaded_once = PTHREAD_ONCE_INIT;

static void load_models(void) {
  for (size_t i = 0; i < MODEL_COUNT; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", PITH_TEXTCAT_DIR, models[i].file);
    /* libexttextcat reports a missing file on stderr; a library must not. */
    FILE *probe = fopen(path, "r");
    if (!probe)
      continue;
    fclose(probe);
    void *profile = fp_Init(models[i].code);
    if (!profile)
      continue;
    fp_SetProperty(profile, TCPROP_UTF8AWARE, TC_TRUE);
    if (fp_Read(profile, path, MAXNGRAMS) == 0) {
      fp_Done(profile);
      continue;
    }
    loaded.profile[loaded.count] = profile;
    loaded.code[loaded.count] = models[i].code;
    loaded.count++;
  }
}

int pith_language_available(void) {
  pthread_once(&loaded_once, load_models);
  return loaded.count > 0;
}

const char *pith_language_detect(const char *text, size_t len) {
  if (!text || len < PITH_LANGUAGE_MIN_BYTES || !pith_language_available())
    return NULL;
  size_t n =
      len < PITH_LANGUAGE_SAMPLE_BYTES ? len : PITH_LANGUAGE_SAMPLE_BYTES;
  while (n < len && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
    n--; /* end on a character boundary */
  void *sample = fp_Init(NULL);
  if (!sample) {
    pith_nomem_note();
    return NULL;
  }
  fp_SetProperty(sample, TCPROP_UTF8AWARE, TC_TRUE);
  const char *best = NULL;
  if (fp_Create(sample, text, (uint4)n, MAXNGRAMS)) {
    sint4 best_score = MAXSCORE;
    for (size_t i = 0; i < loaded.count; i++) {
      sint4 score = fp_Compare(loaded.profile[i], sample, best_score);
      if (score < best_score) {
        best_score = score;
        best = loaded.code[i];
      }
    }
  }
  fp_Done(sample);
  return best;
}

int pith_language_matches(const char *language, const char *target) {
  if (!language || !target)
    return 0;
  size_t a = strcspn(language, "-_"), b = strcspn(target, "-_");
  if (a != b)
    return 0;
  for (size_t i = 0; i < a; i++) {
    char x = language[i], y = target[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return 0;
  }
  return 1;
}
