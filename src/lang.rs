//! The language an article is written in, for the `lang` attribute of its title and text.

/// The ISO 639-1 code of the language of `title` and the opening of `body`, when it is
/// told reliably and differs from the site's `site_lang`; `None` otherwise (the page's own
/// language then applies).
pub fn detect(title: &str, body: &str, site_lang: &str) -> Option<String> {
    // The opening is enough to tell a language, and keeps this cheap on long bodies.
    let sample = format!("{title}\n{}", &body[..body.floor_char_boundary(600)]);
    let site = site_lang.split(['-', '_']).next().unwrap_or(site_lang);
    // Text in the site's own script is taken to be in its language: the full detector runs
    // only on the few articles in another script (it took 40% of a 10,000-article build).
    if whatlang::detect_script(&sample) == Some(script_of(site)) {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = iso639_1(info.lang())?;
    (!code.eq_ignore_ascii_case(site)).then(|| code.to_string())
}

/// The script a site's language is written in.
fn script_of(lang: &str) -> whatlang::Script {
    match lang.to_ascii_lowercase().as_str() {
        "ko" => whatlang::Script::Hangul,
        "ru" | "uk" | "be" | "bg" | "sr" | "mk" => whatlang::Script::Cyrillic,
        "ja" => whatlang::Script::Hiragana,
        "zh" => whatlang::Script::Mandarin,
        "ar" => whatlang::Script::Arabic,
        _ => whatlang::Script::Latin,
    }
}

/// Two-letter codes of the languages an archive of this kind meets; others keep the site's.
fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Kor => "ko",
        Rus => "ru",
        Ukr => "uk",
        Bel => "be",
        Jpn => "ja",
        Cmn => "zh",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Pol => "pl",
        Tur => "tr",
        Ara => "ar",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_korean_and_russian_from_english() {
        let ko = "유엔 안보리의 북한 추가 제재 결의안이 중국과 러시아의 거부권 행사로 부결됐습니다. 유엔 안전보장이사회가 오늘 새벽 표결을 진행했습니다.";
        let ru = "Россия заблокировала представленный США проект резолюции по продлению мандата группы экспертов, применив право вето.";
        let en = "Russia vetoed a UN Security Council resolution to extend the mandate of a panel of experts monitoring North Korea.";
        assert_eq!(detect("", ko, "en").as_deref(), Some("ko"));
        assert_eq!(detect("", ru, "en").as_deref(), Some("ru"));
        assert_eq!(detect("", en, "en"), None);
        assert_eq!(detect("", en, "ko").as_deref(), Some("en"));
        assert_eq!(detect("", "", "en"), None);
    }
}
