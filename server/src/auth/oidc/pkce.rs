//! The random values of a login attempt and the PKCE challenge (RFC 7636, method `S256`).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

/// Bytes of randomness in each value: 256 bits, far beyond guessing.
const RANDOM_BYTES: usize = 32;

/// A fresh unguessable value, base64url without padding (43 characters, all in PKCE's alphabet).
/// `rand::rng()` is a CSPRNG seeded from the operating system.
pub fn random_value() -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What a login attempt sends to the provider and keeps for the callback.
#[derive(Debug, Clone)]
pub struct AttemptSecrets {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// The value of the login cookie that binds the attempt to this browser.
    pub browser_secret: String,
}

impl AttemptSecrets {
    pub fn generate() -> AttemptSecrets {
        AttemptSecrets {
            state: random_value(),
            nonce: random_value(),
            pkce_verifier: random_value(),
            browser_secret: random_value(),
        }
    }

    pub fn code_challenge(&self) -> String {
        code_challenge(&self.pkce_verifier)
    }
}

/// `BASE64URL(SHA256(verifier))`.
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA256,
        verifier.as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn values_are_long_distinct_and_pkce_safe() {
        let a = AttemptSecrets::generate();
        let b = AttemptSecrets::generate();
        for v in [&a.state, &a.nonce, &a.pkce_verifier, &a.browser_secret] {
            assert_eq!(v.len(), 43);
            assert!(v
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        }
        assert_ne!(a.state, b.state);
        assert_ne!(a.state, a.nonce);
    }
}
