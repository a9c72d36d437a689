//! The provider's signing keys (JWK Set, RFC 7517) and the JWS algorithms we accept (RFC 7518).
//!
//! Only asymmetric algorithms: `none` would accept anything, and `HS*` would make the client secret
//! (which we hold too) a signing key. Keys are verified with `ring`, which also refuses RSA keys
//! shorter than 2048 bits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde::Deserialize;

/// A JWS algorithm we verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
}

impl Alg {
    /// The algorithm named in a JWS header; `None` for `none`, `HS*` and anything unknown.
    pub fn from_name(name: &str) -> Option<Alg> {
        Some(match name {
            "RS256" => Alg::Rs256,
            "RS384" => Alg::Rs384,
            "RS512" => Alg::Rs512,
            "PS256" => Alg::Ps256,
            "PS384" => Alg::Ps384,
            "PS512" => Alg::Ps512,
            "ES256" => Alg::Es256,
            "ES384" => Alg::Es384,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Alg::Rs256 => "RS256",
            Alg::Rs384 => "RS384",
            Alg::Rs512 => "RS512",
            Alg::Ps256 => "PS256",
            Alg::Ps384 => "PS384",
            Alg::Ps512 => "PS512",
            Alg::Es256 => "ES256",
            Alg::Es384 => "ES384",
        }
    }

    fn rsa(self) -> Option<&'static signature::RsaParameters> {
        Some(match self {
            Alg::Rs256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Alg::Rs384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Alg::Rs512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Alg::Ps256 => &signature::RSA_PSS_2048_8192_SHA256,
            Alg::Ps384 => &signature::RSA_PSS_2048_8192_SHA384,
            Alg::Ps512 => &signature::RSA_PSS_2048_8192_SHA512,
            Alg::Es256 | Alg::Es384 => return None,
        })
    }
}

/// A public key, by family.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PublicKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// An uncompressed point (`0x04 || x || y`) on P-256 or P-384.
    Ec {
        p384: bool,
        point: Vec<u8>,
    },
}

/// One usable signing key of the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    pub kid: Option<String>,
    /// The algorithm the key is pinned to, if the provider said.
    alg: Option<String>,
    key: PublicKey,
}

impl Jwk {
    /// Whether this key can verify `alg` (family, curve, and the key's own `alg` if it has one).
    pub fn fits(&self, alg: Alg) -> bool {
        if self.alg.as_deref().is_some_and(|a| a != alg.name()) {
            return false;
        }
        match (&self.key, alg) {
            (PublicKey::Rsa { .. }, a) => a.rsa().is_some(),
            (PublicKey::Ec { p384: false, .. }, Alg::Es256) => true,
            (PublicKey::Ec { p384: true, .. }, Alg::Es384) => true,
            _ => false,
        }
    }

    /// Checks `signature` over `message` (the ASCII `header.payload` of a JWS).
    pub fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        if !self.fits(alg) {
            return false;
        }
        match &self.key {
            PublicKey::Rsa { n, e } => alg.rsa().is_some_and(|params| {
                RsaPublicKeyComponents { n, e }
                    .verify(params, message, signature)
                    .is_ok()
            }),
            PublicKey::Ec { p384, point } => {
                // JWS carries ECDSA signatures as fixed-size r || s, not ASN.1.
                let algorithm = if *p384 {
                    &signature::ECDSA_P384_SHA384_FIXED
                } else {
                    &signature::ECDSA_P256_SHA256_FIXED
                };
                UnparsedPublicKey::new(algorithm, point)
                    .verify(message, signature)
                    .is_ok()
            }
        }
    }
}

#[derive(Debug, Deserialize)]
struct RawJwk {
    kty: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default, rename = "use")]
    use_: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawJwks {
    keys: Vec<serde_json::Value>,
}

fn b64(field: &Option<String>) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(field.as_deref()?).ok()
}

impl RawJwk {
    fn usable(self) -> Option<Jwk> {
        if self.use_.as_deref().is_some_and(|u| u != "sig") {
            return None;
        }
        let key = match (self.kty.as_str(), self.crv.as_deref()) {
            ("RSA", _) => PublicKey::Rsa {
                n: b64(&self.n)?,
                e: b64(&self.e)?,
            },
            ("EC", Some(crv @ ("P-256" | "P-384"))) => {
                let p384 = crv == "P-384";
                let size = if p384 { 48 } else { 32 };
                let (x, y) = (b64(&self.x)?, b64(&self.y)?);
                if x.len() != size || y.len() != size {
                    return None;
                }
                let mut point = Vec::with_capacity(1 + 2 * size);
                point.push(0x04);
                point.extend_from_slice(&x);
                point.extend_from_slice(&y);
                PublicKey::Ec { p384, point }
            }
            _ => return None,
        };
        Some(Jwk {
            kid: self.kid,
            alg: self.alg,
            key,
        })
    }
}

/// The provider's signing keys. Keys we cannot use (encryption keys, symmetric keys, other curves)
/// are left out rather than failing the set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet(Vec<Jwk>);

impl KeySet {
    pub fn parse(json: &[u8]) -> Result<KeySet, String> {
        let raw: RawJwks = serde_json::from_slice(json).map_err(|e| format!("JWKS: {e}"))?;
        Ok(KeySet(
            raw.keys
                .into_iter()
                .filter_map(|v| serde_json::from_value::<RawJwk>(v).ok())
                .filter_map(RawJwk::usable)
                .collect(),
        ))
    }

    /// The key for a JWS header: by `kid` when the header names one; otherwise the one key that
    /// fits the algorithm (several candidates and no `kid` is ambiguous, so none).
    pub fn find(&self, kid: Option<&str>, alg: Alg) -> Option<&Jwk> {
        match kid {
            Some(kid) => self
                .0
                .iter()
                .find(|k| k.kid.as_deref() == Some(kid) && k.fits(alg)),
            None => {
                let mut fitting = self.0.iter().filter(|k| k.fits(alg));
                let first = fitting.next()?;
                fitting.next().is_none().then_some(first)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_asymmetric_algorithms_are_known() {
        for bad in ["none", "HS256", "HS512", "EdDSA", "rs256", ""] {
            assert_eq!(Alg::from_name(bad), None, "{bad}");
        }
        for good in ["RS256", "PS256", "ES256", "ES384", "RS512"] {
            assert_eq!(Alg::from_name(good).map(Alg::name), Some(good));
        }
    }

    #[test]
    fn keeps_signing_keys_and_skips_the_rest() {
        let set = KeySet::parse(
            br#"{"keys":[
                {"kty":"oct","k":"c2VjcmV0","kid":"sym"},
                {"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},
                {"kty":"EC","kid":"ec","crv":"P-256",
                 "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                 "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
                {"kty":"EC","kid":"odd","crv":"P-521","x":"AA","y":"AA"},
                "not an object"
            ]}"#,
        )
        .expect("parses");
        assert_eq!(set.0.len(), 1);
        assert!(set.find(Some("ec"), Alg::Es256).is_some());
        assert!(set.find(Some("ec"), Alg::Rs256).is_none(), "wrong family");
        assert!(set.find(None, Alg::Es256).is_some(), "the only fitting key");
        assert!(set.find(Some("sym"), Alg::Rs256).is_none());
    }
}
