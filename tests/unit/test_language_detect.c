/*
 * test_language_detect.c: dossier/language.h.  Scripts decide (Cyrillic
 * is Russian unless Ukrainian letters or words say otherwise, Arabic
 * script Arabic unless Persian letters or words, Hebrew, Greek, Han
 * Chinese unless there is kana, Hangul Korean); a model tells the Latin
 * languages apart; a declared language is kept unless the text is clearly
 * in another; nothing to read gives NULL; bad and huge input is read
 * safely; many threads may ask at once.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/language.h"

typedef struct {
    const char *text;
    const char *lang; /* NULL: cannot be told */
} case_row;

/* One sentence or headline in each language, written for these tests. */
static const case_row LANGUAGES[] = {
    {"The defence minister said the talks would resume next week in Geneva "
     "after the delegations failed to agree on a ceasefire.",
     "en"},
    {"Le ministre de la Défense a déclaré que les discussions reprendraient "
     "la semaine prochaine à Genève.",
     "fr"},
    {"Der Verteidigungsminister sagte, die Gespräche würden nächste Woche in "
     "Genf fortgesetzt.",
     "de"},
    {"El ministro de Defensa dijo que las conversaciones se reanudarán la "
     "próxima semana en Ginebra.",
     "es"},
    {"Il ministro della Difesa ha detto che i colloqui riprenderanno la "
     "prossima settimana a Ginevra.",
     "it"},
    {"O ministro da Defesa disse que as conversações serão retomadas na "
     "próxima semana em Genebra.",
     "pt"},
    {"De minister van Defensie zei dat de gesprekken volgende week in Genève "
     "worden hervat.",
     "nl"},
    {"Savunma Bakanı, görüşmelerin gelecek hafta Cenevre'de yeniden "
     "başlayacağını söyledi.",
     "tr"},
    /* Cyrillic: Russian, and Ukrainian by its letters і ї є ... */
    {"Министр обороны заявил, что переговоры возобновятся на следующей "
     "неделе в Женеве.",
     "ru"},
    {"Міністр оборони заявив, що переговори відновляться наступного тижня "
     "в Женеві.",
     "uk"},
    {"Київ і Львів", "uk"},
    {"Єврокомісія", "uk"},
    {"Еврокомиссия", NULL}, /* one name: too little to tell */
    {"П'ятниця", "uk"}, /* the apostrophe: Russian writes Пятница */
    {"Пятница", NULL},
    /* ... or by its words and endings alone. */
    {"Сирський та Буданов прибули до Харкова", "uk"},
    {"Сырский и Буданов прибыли в Харьков", "ru"},
    /* Arabic script: Arabic, and Persian by its letters and words, also
     * when it is typed with the Arabic forms of yeh and kaf. */
    {"قال وزير الدفاع إن المحادثات ستستأنف الأسبوع المقبل في جنيف.", "ar"},
    {"وزیر دفاع گفت که گفتگوها هفته آینده در ژنو از سر گرفته می‌شود.",
     "fa"},
    {"اين كشور در برابر تحريم ها ايستاده است", "fa"},
    {"اين يكي از كشورهاي منطقه", "fa"},
    {"چهارشنبه", "fa"}, /* letters Arabic does not write */
    /* Scripts of one language each. */
    {"שר הביטחון אמר כי השיחות יתחדשו בשבוע הבא בז'נבה.", "he"},
    {"Ο υπουργός Άμυνας δήλωσε ότι οι συνομιλίες θα συνεχιστούν την επόμενη "
     "εβδομάδα στη Γενεύη.",
     "el"},
    {"国防部长表示，会谈将于下周在日内瓦恢复。", "zh"},
    {"國防部長表示，會談將於下週在日內瓦恢復。", "zh"},
    {"防衛相は、協議は来週ジュネーブで再開されると述べた。", "ja"},
    {"国防長官 ジュネーブへ", "ja"}, /* one kana word is enough */
    {"국방부 장관은 회담이 다음 주 제네바에서 재개될 것이라고 말했다.",
     "ko"},
    /* Nothing to go on. */
    {"", NULL},
    {"2024-05-01 12:30 — 55% (+3.2)", NULL},
    {"... !!! ??? ---", NULL},
    {"Putin", NULL},
    {"Путин", NULL},
    /* A script no language here is written in. */
    {"भारत के प्रधानमंत्री ने सोमवार को कहा कि वार्ता जारी रहेगी।", NULL},
    /* Latin text in a language the model does not know. */
    {"Premier zapowiedział w środę, że rząd przedstawi nowy plan obrony "
     "granicy z Białorusią i Rosją.",
     NULL},
};

static void check_rows(const case_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double confidence = -1;
        const char *got = dossier_language_detect(
            rows[i].text, strlen(rows[i].text), &confidence);
        if (rows[i].lang == NULL) {
            if (got != NULL)
                fail_msg("\"%s\": %s, expected NULL", rows[i].text, got);
            assert_true(confidence == 0.0);
        } else {
            if (got == NULL || strcmp(got, rows[i].lang) != 0)
                fail_msg("\"%s\": %s, expected %s", rows[i].text,
                         got ? got : "NULL", rows[i].lang);
            assert_true(confidence > 0.0 && confidence <= 1.0);
        }
    }
}

static void test_languages(void **state)
{
    (void)state;
    check_rows(LANGUAGES, sizeof LANGUAGES / sizeof LANGUAGES[0]);
}

/* Long texts are told with confidence; a headline less so. */
static void test_confidence(void **state)
{
    (void)state;
    const char *long_en =
        "The defence minister said on Monday that the talks would resume "
        "next week in Geneva after the delegations had failed to agree on "
        "the terms of a ceasefire, and that the government was ready to "
        "make concessions if the other side did the same.";
    double confidence;
    assert_string_equal(
        dossier_language_detect(long_en, strlen(long_en), &confidence), "en");
    assert_true(confidence > 0.99);
    const char *short_es = "Guerra en Ucrania";
    double short_confidence;
    assert_string_equal(dossier_language_detect(short_es, strlen(short_es),
                                                &short_confidence),
                        "es");
    assert_true(short_confidence < 0.9);
    /* CONFIDENCE may be NULL; TEXT may be NULL when LEN is 0. */
    assert_string_equal(dossier_language_detect(long_en, strlen(long_en), NULL),
                        "en");
    assert_null(dossier_language_detect(NULL, 0, &confidence));
    assert_true(confidence == 0.0);
    /* LEN bounds the text: the Russian after it is not read. */
    const char *two = "The minister said the talks would resume. "
                      "Министр заявил, что переговоры возобновятся.";
    assert_string_equal(dossier_language_detect(two, 41, NULL), "en");
    assert_string_equal(dossier_language_detect(two, strlen(two), NULL),
                        "ru");
}

/* English with a Russian name in it stays English. */
static void test_mixed_stays_english(void **state)
{
    (void)state;
    const char *text = "Officials in Kyiv said Владимир Зеленский would travel "
                       "to Washington next week to meet the president.";
    assert_string_equal(dossier_language_detect(text, strlen(text), NULL),
                        "en");
    assert_string_equal(dossier_language_choose("en", text, strlen(text)),
                        "en");
    assert_string_equal(dossier_language_choose(NULL, text, strlen(text)),
                        "en");
    const char *names = "Pedro Sánchez met Alberto Núñez Feijóo in the "
                        "Palacio de la Moncloa on Thursday, as talks on "
                        "the budget of the Comunidad de Madrid stalled.";
    assert_string_equal(dossier_language_detect(names, strlen(names), NULL),
                        "en");
}

typedef struct {
    const char *declared;
    const char *text;
    const char *chosen;
} choose_row;

static const choose_row CHOICES[] = {
    /* The declared language is kept for a text in it; tags are read by
     * their first part. */
    {"en", "The minister said the talks would resume next week.", "en"},
    {"en-US", "The minister said the talks would resume next week.", "en"},
    {"EN_gb", "The minister said the talks would resume next week.", "en"},
    {" eng ", "The minister said the talks would resume next week.", "en"},
    {"pt-BR", "O ministro disse que as negociações serão retomadas.", "pt"},
    {"zh-Hant-TW", "國防部長表示，會談將於下週恢復。", "zh"},
    /* A Russian item in a feed marked English: the script tells, even
     * for a word the model cannot place. */
    {"en", "Министр заявил, что переговоры возобновятся на следующей "
           "неделе.",
     "ru"},
    {"en", "Путин", "ru"},
    {"en", "Міністр заявив, що переговори відновляться.", "uk"},
    {"fr", "وزیر دفاع گفت که گفتگوها هفته آینده ادامه پیدا می‌کند.", "fa"},
    {"de", "שר הביטחון אמר כי השיחות יתחדשו.", "he"},
    {"ru", "The minister said the talks would resume next week.", "en"},
    /* Kana tells Japanese from Chinese; Han alone does not tell Chinese
     * from Japanese in a headline. */
    {"zh", "防衛相は協議を再開すると述べた。", "ja"},
    {"ja", "日米首脳会談", "ja"},
    /* The same script: a headline is not enough ... */
    {"en", "Macron reçoit Zelensky à l'Élysée", "en"},
    {"pt", "Guerra en Ucrania", "pt"},
    /* ... a confident paragraph is. */
    {"en", "Le ministre de la Défense a déclaré lundi que les discussions "
           "reprendraient la semaine prochaine à Genève, après l'échec des "
           "délégations à s'entendre sur un cessez-le-feu.",
     "fr"},
    {"pt", "El ministro de Defensa dijo el lunes que las conversaciones se "
           "reanudarán la próxima semana en Ginebra, después de que las "
           "delegaciones no lograran ponerse de acuerdo sobre una tregua.",
     "es"},
    /* Nothing declared: what the text says, else its script's usual
     * language, else English. */
    {NULL, "Der Minister sagte, die Gespräche würden fortgesetzt.", "de"},
    {"", "Министр заявил, что переговоры возобновятся.", "ru"},
    {NULL, "Путин", "ru"},
    {NULL, "", "en"},
    /* Made-up words are in no language: English, not a guess. */
    {NULL, "Report 7: vuquinkev dorpefenka jorvupol rusnixto tenkone "
           "kaquinnixpe dorrabar lomox mikev zimbarquinfen kalo kevtomigul "
           "nuquingul lumbar lumraruslo rakevzimmi nixgulquin.",
     "en"},
    {"", "2024-05-01 12:30", "en"},
    {NULL, "भारत के प्रधानमंत्री ने कहा", "en"},
    /* Something declared, nothing to read: the declared language. */
    {"fr", "", "fr"},
    {"de", "2024-05-01 12:30 — 55%", "de"},
    /* No language tag: as if nothing were declared. */
    {"not a tag!", "Der Minister sagte, die Gespräche würden fortgesetzt.",
     "de"},
    {"e", "Der Minister sagte, die Gespräche würden fortgesetzt.", "de"},
    /* Snowball's names, which --lang takes, are languages. */
    {"english", "The minister said the talks would resume next week.", "en"},
    {"German", "Der Minister sagte, die Gespräche würden fortgesetzt.",
     "de"},
    {"russian", "The minister said the talks would resume.", "en"},
    {"swedish", "Ministern sade att samtalen skulle återupptas.", "swedish"},
    /* A language the detector does not know is kept in its own script
     * (the detector cannot tell it from its neighbours) ... */
    {"sv", "The minister said on Monday that the talks would resume next "
           "week in Geneva after the delegations had failed to agree on the "
           "terms of a ceasefire.",
     "sv"},
    {"bg", "Министърът заяви, че преговорите ще бъдат възобновени.", "bg"},
    {"hi", "भारत के प्रधानमंत्री ने कहा", "hi"},
    /* ... but not in another. */
    {"sv", "Министр заявил, что переговоры возобновятся.", "ru"},
    {"bg", "The minister said the talks would resume next week.", "en"},
    {"sr", "Министар је рекао да ће преговори бити настављени.", "sr"},
    {"sr", "Ministar je rekao da će pregovori biti nastavljeni.", "sr"},
};

static void test_choose(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CHOICES / sizeof CHOICES[0]; i++) {
        const choose_row *r = &CHOICES[i];
        const char *got =
            dossier_language_choose(r->declared, r->text, strlen(r->text));
        if (got == NULL || strcmp(got, r->chosen) != 0)
            fail_msg("declared %s, \"%s\": %s, expected %s",
                     r->declared ? r->declared : "NULL", r->text,
                     got ? got : "NULL", r->chosen);
    }
    /* A language the module does not know comes back as given. */
    const char *declared = "pl-PL";
    const char *text = "Premier zapowiedział w środę nowy plan obrony.";
    assert_ptr_equal(dossier_language_choose(declared, text, strlen(text)),
                     declared);
    assert_string_equal(dossier_language_choose(NULL, NULL, 0), "en");
    assert_string_equal(dossier_language_choose("it", NULL, 0), "it");
    /* What reads as a language, and what the indexer reports as none. */
    static const char *const valid[] = {"en", "en-US", "pt_BR", "eng",
                                        "english", "Swedish", "zh-Hant-TW"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        if (!dossier_language_tag_valid(valid[i]))
            fail_msg("\"%s\" is a language", valid[i]);
    static const char *const invalid[] = {"", "e", "12", "not a tag!",
                                          "\x1b]0;pwned\x07zz", "en-$",
                                          "abcdefghijklmnopqrstuvwxyz"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        if (dossier_language_tag_valid(invalid[i]))
            fail_msg("\"%s\" is no language", invalid[i]);
    assert_false(dossier_language_tag_valid(NULL));
}

/* Broken UTF-8 reads as no letters and never crashes; the letters around
 * it still count. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char *const broken[] = {
        "\xff\xfe\xfd\xfc",
        "\xd0",                 /* a cut two-byte sequence */
        "\xe2\x82",             /* a cut three-byte sequence */
        "\xf0\x9f\x98",         /* a cut four-byte sequence */
        "\xc0\xaf\xc1\xbf",     /* overlong */
        "\xed\xa0\x80",         /* a surrogate */
        "\xf4\x90\x80\x80",     /* past U+10FFFF */
        "\x80\x80\x80\x80\x80", /* stray continuation bytes */
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        double confidence = -1;
        assert_null(
            dossier_language_detect(broken[i], strlen(broken[i]), &confidence));
        assert_true(confidence == 0.0);
        assert_string_equal(
            dossier_language_choose("fr", broken[i], strlen(broken[i])), "fr");
    }
    const char *mixed = "Министр \xff заявил\xd0, что \xe2\x82переговоры "
                        "возобновятся на следующей неделе.";
    assert_string_equal(dossier_language_detect(mixed, strlen(mixed), NULL),
                        "ru");
    /* A text cut inside a character: four letters and a half. */
    const char *cut = "Переговоры";
    assert_string_equal(dossier_language_choose("en", cut, 9), "ru");

    /* Random bytes: an answer from the list or NULL, and no crash (the
     * sanitizer and valgrind runs watch the reads). */
    static const char *const codes[] = {"en", "fr", "de", "es", "it", "pt",
                                        "nl", "tr", "ru", "uk", "ar", "fa",
                                        "he", "el", "zh", "ja", "ko"};
    uint32_t seed = 12345;
    unsigned char buf[512];
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % 512);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly lead and continuation bytes of Cyrillic and CJK. */
            unsigned char b = (unsigned char)(seed >> 16);
            buf[i] = (round & 1) ? b : (unsigned char)(0x80 | (b & 0x7F));
        }
        double confidence;
        const char *got =
            dossier_language_detect((const char *)buf, len, &confidence);
        if (got != NULL) {
            bool is_code = false;
            for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++)
                is_code = is_code || strcmp(got, codes[c]) == 0;
            assert_true(is_code);
        }
        assert_true(confidence >= 0.0 && confidence <= 1.0);
        assert_non_null(
            dossier_language_choose("en", (const char *)buf, len));
    }
}

/* A huge text is read only at its start; one without letters up to a
 * bound. */
static void test_huge_input(void **state)
{
    (void)state;
    const size_t len = 16u << 20;
    char *text = malloc(len);
    assert_non_null(text);
    const char *sentence = "The minister said the talks would resume. ";
    size_t sentence_len = strlen(sentence);
    for (size_t i = 0; i < len; i++)
        text[i] = sentence[i % sentence_len];
    assert_string_equal(dossier_language_detect(text, len, NULL), "en");
    assert_string_equal(dossier_language_choose("ru", text, len), "en");
    memset(text, '7', len);
    assert_null(dossier_language_detect(text, len, NULL));
    assert_string_equal(dossier_language_choose("de", text, len), "de");
    /* Letters only after the bound are not read. */
    memcpy(text + len - sentence_len, sentence, sentence_len);
    assert_null(dossier_language_detect(text, len, NULL));
    free(text);
}

/* Many threads at once, from the first call on (the model's table is
 * built on first use): each gets what one thread gets. */
#define N_THREADS 8

static void *detect_many(void *arg)
{
    (void)arg;
    for (int round = 0; round < 50; round++)
        for (size_t i = 0; i < sizeof LANGUAGES / sizeof LANGUAGES[0]; i++) {
            const char *got = dossier_language_detect(
                LANGUAGES[i].text, strlen(LANGUAGES[i].text), NULL);
            bool same = (got == NULL && LANGUAGES[i].lang == NULL) ||
                        (got != NULL && LANGUAGES[i].lang != NULL &&
                         strcmp(got, LANGUAGES[i].lang) == 0);
            if (!same)
                return (void *)LANGUAGES[i].text;
        }
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t threads[N_THREADS];
    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_create(&threads[t], NULL, detect_many, NULL),
                         0);
    for (int t = 0; t < N_THREADS; t++) {
        void *wrong;
        assert_int_equal(pthread_join(threads[t], &wrong), 0);
        if (wrong != NULL)
            fail_msg("thread %d: wrong answer for \"%s\"", t,
                     (const char *)wrong);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* First: the threads race to build the table. */
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_confidence),
        cmocka_unit_test(test_mixed_stays_english),
        cmocka_unit_test(test_choose),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_huge_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
