//! ID token validation (OpenID Connect Core 1.0, §3.1.3.7): a compact JWS whose signature, issuer,
//! audience, times and nonce must all check out before any claim in it is believed.
//!
//! Split in two steps because finding the key may need the network: [`Jws::parse`] reads the header
//! (which key, which algorithm), then [`Jws::verify`] checks the signature with that key and
//! [`check_claims`] the contents against what this login expects.

use super::jwk::{Alg, Jwk};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

/// How far the provider's clock may be ahead of or behind ours.
pub const CLOCK_SKEW_SECS: i64 = 60;
/// Largest token we look at; real ID tokens are a few kilobytes.
const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Why an ID token (or a signed userinfo answer) is refused. Each is one reason code in the log
/// and the audit detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Malformed,
    /// `none`, `HS*` or an algorithm we do not know.
    Algorithm,
    /// No key in the provider's JWKS has this `kid` (even after fetching it again).
    UnknownKey,
    Signature,
    Issuer,
    Audience,
    Expired,
    /// `iat` or `nbf` in the future beyond the skew.
    NotYetValid,
    Nonce,
    /// `sub` missing, or (userinfo) not the subject of the ID token.
    Subject,
}

impl TokenProblem {
    pub fn reason(self) -> &'static str {
        match self {
            TokenProblem::Malformed => "token_malformed",
            TokenProblem::Algorithm => "token_algorithm",
            TokenProblem::UnknownKey => "token_unknown_key",
            TokenProblem::Signature => "token_signature",
            TokenProblem::Issuer => "token_issuer",
            TokenProblem::Audience => "token_audience",
            TokenProblem::Expired => "token_expired",
            TokenProblem::NotYetValid => "token_not_yet_valid",
            TokenProblem::Nonce => "token_nonce",
            TokenProblem::Subject => "token_subject",
        }
    }
}

/// A compact JWS, parsed but not yet trusted.
#[derive(Debug, Clone)]
pub struct Jws {
    pub alg: Alg,
    pub kid: Option<String>,
    signing_input: String,
    signature: Vec<u8>,
    payload: Vec<u8>,
}

fn decode_part(part: &str) -> Result<Vec<u8>, TokenProblem> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenProblem::Malformed)
}

impl Jws {
    pub fn parse(token: &str) -> Result<Jws, TokenProblem> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(TokenProblem::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            // Five parts would be an encrypted token (JWE), which we do not accept.
            return Err(TokenProblem::Malformed);
        };
        let header: Map<String, Value> =
            serde_json::from_slice(&decode_part(header)?).map_err(|_| TokenProblem::Malformed)?;
        // `crit` names extensions we would have to understand; we understand none.
        if header.contains_key("crit") {
            return Err(TokenProblem::Malformed);
        }
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Alg::from_name)
            .ok_or(TokenProblem::Algorithm)?;
        let kid = match header.get("kid") {
            None => None,
            Some(Value::String(k)) => Some(k.clone()),
            Some(_) => return Err(TokenProblem::Malformed),
        };
        let signing_input_len = token.len() - signature.len() - 1;
        Ok(Jws {
            alg,
            kid,
            signing_input: token[..signing_input_len].to_string(),
            signature: decode_part(signature)?,
            payload: decode_part(payload)?,
        })
    }

    /// The claims, if `key` signed this token.
    pub fn verify(&self, key: &Jwk) -> Result<Map<String, Value>, TokenProblem> {
        if !key.verify(self.alg, self.signing_input.as_bytes(), &self.signature) {
            return Err(TokenProblem::Signature);
        }
        serde_json::from_slice(&self.payload).map_err(|_| TokenProblem::Malformed)
    }
}

/// What this login expects of its ID token.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// Seconds since the Unix epoch, from the server's clock.
    pub now: i64,
}

fn seconds(claims: &Map<String, Value>, name: &str) -> Option<i64> {
    let value = claims.get(name)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().map(|f| f.floor() as i64))
}

/// The audience check: `aud` (a string or a list) contains our client id; a list with other
/// audiences needs `azp`; `azp`, when present, must be us.
fn audience_ok(claims: &Map<String, Value>, client_id: &str) -> bool {
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    if !audiences.contains(&client_id) {
        return false;
    }
    match claims.get("azp") {
        Some(azp) => azp.as_str() == Some(client_id),
        None => audiences.len() == 1,
    }
}

/// Checks the claims of a signature-verified ID token.
pub fn check_claims(
    claims: &Map<String, Value>,
    expected: &Expected<'_>,
) -> Result<(), TokenProblem> {
    if claims.get("iss").and_then(Value::as_str) != Some(expected.issuer) {
        return Err(TokenProblem::Issuer);
    }
    if !audience_ok(claims, expected.client_id) {
        return Err(TokenProblem::Audience);
    }
    let exp = seconds(claims, "exp").ok_or(TokenProblem::Malformed)?;
    if expected.now >= exp.saturating_add(CLOCK_SKEW_SECS) {
        return Err(TokenProblem::Expired);
    }
    let iat = seconds(claims, "iat").ok_or(TokenProblem::Malformed)?;
    let latest = expected.now.saturating_add(CLOCK_SKEW_SECS);
    if iat > latest || seconds(claims, "nbf").is_some_and(|nbf| nbf > latest) {
        return Err(TokenProblem::NotYetValid);
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(expected.nonce) {
        return Err(TokenProblem::Nonce);
    }
    if claims
        .get("sub")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(TokenProblem::Subject);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::jwk::KeySet;
    use super::*;
    use ring::rand::SystemRandom;
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    use serde_json::json;

    const NOW: i64 = 1_800_000_000;

    fn claims() -> Map<String, Value> {
        match json!({"iss":"https://op.example","aud":"client","exp":NOW+300,"iat":NOW,
                     "nonce":"n-1","sub":"abc"})
        {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: "https://op.example",
            client_id: "client",
            nonce: "n-1",
            now: NOW,
        }
    }

    fn with(change: &[(&str, Value)], remove: &[&str]) -> Map<String, Value> {
        let mut c = claims();
        for (k, v) in change {
            c.insert((*k).to_string(), v.clone());
        }
        for k in remove {
            c.remove(*k);
        }
        c
    }

    #[test]
    fn accepts_good_claims() {
        assert_eq!(check_claims(&claims(), &expected()), Ok(()));
        let multi = with(
            &[
                ("aud", json!(["client", "other"])),
                ("azp", json!("client")),
            ],
            &[],
        );
        assert_eq!(check_claims(&multi, &expected()), Ok(()));
        let skewed = with(&[("iat", json!(NOW + 30)), ("exp", json!(NOW - 30))], &[]);
        assert_eq!(check_claims(&skewed, &expected()), Ok(()), "within skew");
    }

    #[test]
    fn refuses_each_bad_claim_with_its_own_reason() {
        let cases = [
            (
                with(&[("iss", json!("https://evil.example"))], &[]),
                TokenProblem::Issuer,
            ),
            (with(&[], &["iss"]), TokenProblem::Issuer),
            (
                with(&[("aud", json!("other"))], &[]),
                TokenProblem::Audience,
            ),
            (
                with(&[("aud", json!(["client", "other"]))], &[]),
                TokenProblem::Audience,
            ),
            (
                with(&[("azp", json!("other"))], &[]),
                TokenProblem::Audience,
            ),
            (with(&[], &["aud"]), TokenProblem::Audience),
            (
                with(&[("exp", json!(NOW - 61))], &[]),
                TokenProblem::Expired,
            ),
            (with(&[], &["exp"]), TokenProblem::Malformed),
            (
                with(&[("exp", json!("soon"))], &[]),
                TokenProblem::Malformed,
            ),
            (
                with(&[("iat", json!(NOW + 61))], &[]),
                TokenProblem::NotYetValid,
            ),
            (
                with(&[("nbf", json!(NOW + 120))], &[]),
                TokenProblem::NotYetValid,
            ),
            (with(&[("nonce", json!("n-2"))], &[]), TokenProblem::Nonce),
            (with(&[], &["nonce"]), TokenProblem::Nonce),
            (with(&[("sub", json!(""))], &[]), TokenProblem::Subject),
        ];
        for (c, problem) in cases {
            assert_eq!(check_claims(&c, &expected()), Err(problem), "{c:?}");
        }
    }

    fn b64(v: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(v)
    }

    #[test]
    fn verifies_es256_and_refuses_tampering_and_unsafe_algorithms() {
        let rng = SystemRandom::new();
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .expect("pair");
        let point = pair.public_key().as_ref();
        let jwks = json!({"keys":[{"kty":"EC","crv":"P-256","kid":"k1",
            "x": b64(&point[1..33]), "y": b64(&point[33..])}]});
        let set = KeySet::parse(jwks.to_string().as_bytes()).expect("jwks");
        let header = b64(br#"{"alg":"ES256","kid":"k1"}"#);
        let payload = b64(Value::Object(claims()).to_string().as_bytes());
        let input = format!("{header}.{payload}");
        let sig = pair.sign(&rng, input.as_bytes()).expect("sign");
        let token = format!("{input}.{}", b64(sig.as_ref()));

        let jws = Jws::parse(&token).expect("parses");
        assert_eq!((jws.alg, jws.kid.as_deref()), (Alg::Es256, Some("k1")));
        let key = set.find(jws.kid.as_deref(), jws.alg).expect("key");
        assert_eq!(jws.verify(key).map(|c| c.len()), Ok(claims().len()));

        let forged_payload = b64(br#"{"sub":"someone else"}"#);
        let forged = format!("{header}.{forged_payload}.{}", b64(sig.as_ref()));
        let jws = Jws::parse(&forged).expect("parses");
        assert_eq!(jws.verify(key).err(), Some(TokenProblem::Signature));

        for alg in ["none", "HS256"] {
            let h = b64(format!(r#"{{"alg":"{alg}"}}"#).as_bytes());
            let t = format!("{h}.{payload}.");
            assert_eq!(Jws::parse(&t).err(), Some(TokenProblem::Algorithm), "{alg}");
        }
        for bad in ["", "a.b", "a.b.c.d.e", "!!.??.**"] {
            assert!(Jws::parse(bad).is_err(), "{bad}");
        }
    }
}
