#!/usr/bin/env bats
# Geopolitics in every language (tests/fixtures/index/multilingual.jsonl,
# articles we wrote in 12 languages): names tagged in their own script and
# found by their English name, words in another script analysed in that
# script's language, Han/kana/hangul as bigrams, the language detected
# where none or the wrong one is declared.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    run "$INDEX" --quiet --db "$DB" tests/fixtures/index/multilingual.jsonl
    [ "$status" -le 1 ]
}

ids_for() {
    "$SEARCH" --db "$DB" --json --limit 50 "$1" | jq -r '.hits[].id' | sort | tr '\n' ' '
}

# The text of the segments of hit ID for QUERY (title and snippet, one
# per line) that name entity ENTITY, or, with "match", that the query
# matched (words, or entities it named).
segments() {
    "$SEARCH" --db "$DB" --json --limit 50 "$1" |
        jq -r --arg id "$2" --arg what "$3" '.hits[] | select(.id == $id) | (.title_segments + .snippet)[] | select(if $what == "match" then (.type == "match" or .match == true) else .entity == $what end) | .text'
}

@test "the GRU is tagged in Cyrillic, and entity:GRU and the word GRU find it" {
    [ "$(ids_for entity:gru)" = "ml-de-1 ml-en-1 ml-ru-1 ml-undeclared-ru " ]
    [ "$(ids_for entity:GRU)" = "ml-de-1 ml-en-1 ml-ru-1 ml-undeclared-ru " ]
    [ "$(ids_for GRU)" = "ml-de-1 ml-en-1 ml-ru-1 ml-undeclared-ru " ]
    run segments GRU ml-ru-1 gru
    [[ "$output" == *"ГРУ"* ]]
}

@test "Hezbollah finds the Arabic and Hebrew articles, marked in their script" {
    [ "$(ids_for Hezbollah)" = "ml-ar-1 ml-en-2 ml-fr-1 ml-he-1 " ]
    [ "$(segments Hezbollah ml-ar-1 hezbollah | head -1)" = "حزب الله" ]
    [ "$(segments Hezbollah ml-he-1 hezbollah | head -1)" = "חיזבאללה" ]
    [ "$(segments Hezbollah ml-he-1 match | head -1)" = "חיזבאללה" ]
}

@test "Hezbollah's Arabic and Hebrew articles rank with the English ones" {
    run "$SEARCH" --db "$DB" --json --limit 10 Hezbollah
    [ "$status" -eq 0 ]
    [ "$(jq '.total' <<< "$output")" -eq 4 ]
    # Found through the entity alone, they still score within a factor of
    # three of the English article that names it twice, and the word.
    [ "$(jq '[.hits[] | select(.id == "ml-ar-1" or .id == "ml-he-1") | select(.percent >= 33)] | length' <<< "$output")" -eq 2 ]
}

@test "the Russian Ministry of Defence is tagged in the genitive's name" {
    run "$INDEX" --analyze < <(echo "Министерство обороны России сообщило об атаках хакеров ГРУ")
    [ "$status" -eq 0 ]
    [[ "$output" == *"gru (intelligence)"* ]]
    [[ "$output" == *"(government) \"Министерство обороны России\""* ]]
}

@test "a Cyrillic query word is stemmed in Russian: Москва finds Москве" {
    [ "$(ids_for Москва)" = "ml-ru-1 ml-ru-2 ml-wrong-en " ]
    [ "$(segments Москва ml-ru-2 moscow | head -1)" = "Москве" ]
    [ "$(segments Москва ml-ru-2 match | head -1)" = "Москве" ]
}

@test "an Arabic query word loses its prefix: وحزب finds حزب" {
    [ "$(ids_for وحزب)" = "ml-ar-1 " ]
}

@test "lang:uk analyses the query in Ukrainian and keeps Ukrainian articles" {
    [ "$(ids_for 'lang:uk Київ')" = "ml-uk-1 " ]
    [ "$(ids_for 'lang:uk Москва')" = "" ]
}

@test "Chinese is indexed as bigrams: a word finds it with no spaces around" {
    [ "$(ids_for 网络部队)" = "ml-zh-1 " ]
    [ "$(ids_for 台湾海峡)" = "ml-zh-2 " ]
    [ "$(ids_for 美国国务院)" = "ml-zh-2 " ]
    [ "$(segments 台湾海峡 ml-zh-2 match | head -1)" = "台湾海峡" ]
}

@test "a word of Chinese needs all its bigrams, not one: 海峡台湾 is no 台湾海峡" {
    [ "$(ids_for 海峡台湾)" = "" ]
    [ "$(ids_for 解放部队)" = "" ]
}

@test "a Chinese phrase matches its characters in order only" {
    [ "$(ids_for '"海峡台湾"')" = "" ]
    [ "$(ids_for '"台湾海峡附近"')" = "ml-zh-2 " ]
    [ "$(segments '"网络部队入侵"' ml-zh-1 match | head -1)" = "网络部队入侵" ]
}

@test "the PLA is tagged in Chinese with no word boundaries" {
    [ "$(ids_for entity:pla)" = "ml-ja-1 ml-zh-1 " ]
    [ "$(segments PLA ml-zh-1 pla | head -1)" = "中国人民解放军" ]
    [ "$(segments PLA ml-ja-1 pla | head -1)" = "中国人民解放軍" ]
}

@test "Japanese and Korean: kana and hangul bigrams" {
    [ "$(ids_for 防衛省)" = "ml-ja-1 " ]
    [ "$(segments 防衛省 ml-ja-1 match | head -1)" = "防衛省" ]
    [ "$(ids_for 북한)" = "ml-ko-1 " ]
    [ "$(segments 북한 ml-ko-1 match | head -1)" = "북한" ]
}

@test "North Korea is found by its English name in the Korean article" {
    [ "$(ids_for 'North Korea')" = "ml-ko-1 " ]
}

@test "an article that declares no language is detected, and so is a wrong one" {
    [ "$("$SEARCH" --db "$DB" --json --show ml-undeclared-ru | jq -r '.hits[0].lang // .lang')" = "ru" ]
    [ "$("$SEARCH" --db "$DB" --json --show ml-wrong-en | jq -r '.hits[0].lang // .lang')" = "ru" ]
    [ "$(ids_for 'lang:ru')" = "ml-ru-1 ml-ru-2 ml-undeclared-ru ml-wrong-en " ]
    [ "$(ids_for 'lang:en')" = "ml-en-1 ml-en-2 ml-madeup " ]
}

@test "a French article that declares no language is French; made-up words are not" {
    [ "$(ids_for 'lang:fr')" = "ml-fr-1 ml-undeclared-fr " ]
    [ "$(ids_for 'armées')" = "ml-undeclared-fr " ]
    [ "$(ids_for tenkone)" = "ml-madeup " ]
    [ "$(ids_for 'lang:en tenkone')" = "ml-madeup " ]
}

@test "Turkish case endings after a name's apostrophe: Ankara'da is Ankara" {
    [ "$(ids_for entity:ankara)" = "ml-tr-1 " ]
    run "$INDEX" --analyze --lang tr < <(echo "Türkiye'nin NATO'ya verdiği destek ve Rusya'nın tepkisi")
    [[ "$output" == *'"Türkiye" as "Türkiye"'* ]]
    [[ "$output" == *'nato (alliance) "NATO"'* ]]
    [[ "$output" == *'russia (country) "Rusya"'* ]]
    # Not in English, where such an apostrophe is the name's own.
    run "$INDEX" --analyze --lang en < <(echo "Sana'a")
    [[ "$output" == *"Sana'a"*"sana'a"* ]]
}

@test "French elisions and Hebrew acronyms: l'OTAN is the OTAN, צה\"ל the IDF" {
    run "$INDEX" --analyze --lang fr < <(echo "L'OTAN et l'Iran")
    [[ "$output" == *'nato (alliance) "OTAN"'* ]]
    [[ "$output" == *'iran (country) "Iran"'* ]]
    run "$INDEX" --analyze --lang he < <(echo 'צה"ל ולישראל')
    [[ "$output" == *'israel-defense-forces (military) "צה"ל"'* ]]
    [[ "$output" == *'israel (country) "ולישראל"'* ]]
    # Typed into a query, the gershayim is the word's, not a quote.
    run "$SEARCH" --db "$DB" --json 'צה"ל'
    [ "$status" -eq 0 ]
    [ "$(jq -r '[.hits[].id] | join(" ")' <<< "$output")" = "ml-he-1" ]
    [ "$(jq '.warnings | length' <<< "$output")" -eq 0 ]
}

@test "a declared language that fits its text is kept" {
    [ "$(ids_for 'lang:es')" = "ml-es-1 " ]
    [ "$(ids_for 'lang:tr')" = "ml-tr-1 " ]
    [ "$(ids_for 'lang:fa')" = "ml-fa-1 " ]
}

@test "a Russian item in a feed marked English is Russian, the feed's English ones stay English" {
    cat > "$BATS_TEST_TMPDIR/mixed.rss" <<'RSS'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Mixed Wire</title><language>en</language>
<item><guid>mixed-1</guid><title>Ministers meet in Brussels</title>
<description>Foreign ministers met in Brussels on Monday to discuss sanctions and aid.</description>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>
<item><guid>mixed-2</guid><title>Хакеры ГРУ атаковали серверы министерства</title>
<description>По словам следователей, хакеры ГРУ проникли в сети министерства в феврале.</description>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
</channel></rss>
RSS
    run "$INDEX" --quiet --db "$BATS_TEST_TMPDIR/feed" "$BATS_TEST_TMPDIR/mixed.rss"
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$BATS_TEST_TMPDIR/feed" --json --limit 5 'source:mixed-wire'
    # (A feed's item is known by the feed's address and its guid.)
    [ "$(jq -r '[.hits[] | "\(.id | sub(".*#"; "")) \(.lang)"] | sort | join(",")' <<< "$output")" = "mixed-1 en,mixed-2 ru" ]
    # Analysed in Russian: the inflected word and the entity find it.
    [ "$("$SEARCH" --db "$BATS_TEST_TMPDIR/feed" --json 'хакер' | jq -r '[.hits[].id | sub(".*#"; "")] | join(" ")')" = "mixed-2" ]
    [ "$("$SEARCH" --db "$BATS_TEST_TMPDIR/feed" --json 'GRU' | jq -r '[.hits[].id | sub(".*#"; "")] | join(" ")')" = "mixed-2" ]
}
