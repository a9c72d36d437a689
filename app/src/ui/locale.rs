use crate::i18n::Locale;

/// The locale of the page being rendered: from the `lang` cookie on the server, and from
/// `<html lang>` (which the server wrote) in the browser, so both sides render the same text.
pub fn page_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if let Some(parts) = use_context::<http::request::Parts>() {
            let cookies = parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(";");
            return Locale::from_cookie_header(&cookies);
        }
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        if let Some(lang) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
        {
            return Locale::from_code(&lang).unwrap_or_default();
        }
    }
    Locale::default()
}
