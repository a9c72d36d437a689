//! Validated configuration types.

use std::fmt;

/// The public origin of the site, e.g. `https://lavoro.regione.umbria.it`: scheme and authority only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

#[derive(Debug, thiserror::Error)]
#[error("public origin must look like https://host[:port] with no path (got '{0}')")]
pub struct BadOrigin(String);

impl PublicOrigin {
    pub fn parse(raw: &str) -> Result<Self, BadOrigin> {
        let bad = || BadOrigin(raw.chars().take(80).collect());
        let trimmed = raw.trim().trim_end_matches('/');
        let uri: http::Uri = trimmed.parse().map_err(|_| bad())?;
        let scheme = uri.scheme_str().ok_or_else(bad)?;
        if !matches!(scheme, "http" | "https") || uri.authority().is_none() || uri.query().is_some()
        {
            return Err(bad());
        }
        if !matches!(uri.path(), "" | "/") {
            return Err(bad());
        }
        Ok(PublicOrigin(trimmed.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl fmt::Display for PublicOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_origins() {
        assert_eq!(
            PublicOrigin::parse("http://127.0.0.1:3000")
                .map(|o| o.0)
                .ok(),
            Some("http://127.0.0.1:3000".into())
        );
        assert_eq!(
            PublicOrigin::parse("https://Lavoro.Example.it/")
                .map(|o| o.0)
                .ok(),
            Some("https://lavoro.example.it".into())
        );
        assert!(PublicOrigin::parse("https://x.it")
            .map(|o| o.is_https())
            .unwrap_or(false));
        for bad in [
            "",
            "lavoro.example.it",
            "ftp://x.it",
            "https://x.it/path",
            "https://x.it?q=1",
            "https://",
        ] {
            assert!(PublicOrigin::parse(bad).is_err(), "{bad}");
        }
    }
}
