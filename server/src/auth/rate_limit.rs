//! Rate limits per client address: a token bucket per (limit, address) that refills continuously.
//! Over the limit, the answer is 429 with `Retry-After`; for server functions it is the JSON
//! `AppError::RateLimited`, which the client shows translated.
//!
//! Kept in the process: with several processes behind a load balancer each enforces its own share,
//! which bounds the total at (processes × limit). Behind a proxy, configure it to pass the client
//! address and terminate connections per client, or every user shares the proxy's bucket.

use app::error::AppError;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Buckets untouched for this long are full again, so they are dropped.
const FORGET_AFTER: Duration = Duration::from_secs(600);

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// One limit: `per_minute` requests per address, in bursts of up to `per_minute`.
#[derive(Debug)]
pub struct RateLimiter {
    name: &'static str,
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    pub fn new(name: &'static str, per_minute: u32) -> Arc<RateLimiter> {
        Arc::new(RateLimiter {
            name,
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Takes one token for `addr` at `now`; `Err(seconds)` to wait when there is none.
    pub fn check(&self, addr: IpAddr, now: Instant) -> Result<(), u32> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = match self.buckets.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > 10_000 {
            buckets.retain(|_, b| now.duration_since(b.updated) < FORGET_AFTER);
        }
        let bucket = buckets.entry(addr).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil();
            Err((wait as u32).max(1))
        }
    }
}

fn client_addr(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The 429 answer: JSON for server functions, a short text otherwise.
pub fn too_many(retry_after: u32, json: bool) -> Response {
    let mut res = if json {
        let body = serde_json::to_string(&AppError::RateLimited {
            retry_after_secs: retry_after,
        })
        .unwrap_or_default();
        let mut res = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        res.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        res
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            "Troppe richieste: riprova tra poco. / Too many requests: try again shortly.\n",
        )
            .into_response()
    };
    res.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(retry_after));
    res
}

pub async fn layer(State(limiter): State<Arc<RateLimiter>>, req: Request, next: Next) -> Response {
    let addr = client_addr(&req);
    match limiter.check(addr, Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            tracing::warn!(limit = limiter.name, %addr, retry_after = wait, "rate limited");
            too_many(wait, req.uri().path().starts_with("/api/"))
        }
    }
}

/// [`layer`] for server functions only (`/api/...`); everything else passes.
pub async fn api_layer(
    State(limiter): State<Arc<RateLimiter>>,
    req: Request,
    next: Next,
) -> Response {
    // The public certificate check is a page (GET, no login) that looks codes up: limited too.
    let path = req.uri().path();
    if path.starts_with("/api/") || path == app::api::did::VERIFY_PATH {
        layer(State(limiter), req, next).await
    } else {
        next.run(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_asks_to_wait_and_refills() {
        let limiter = RateLimiter::new("test", 6);
        let a: IpAddr = "10.0.0.1".parse().expect("ip");
        let b: IpAddr = "10.0.0.2".parse().expect("ip");
        let t0 = Instant::now();
        for _ in 0..6 {
            assert_eq!(limiter.check(a, t0), Ok(()));
        }
        // One token every 10 s at 6 per minute.
        assert_eq!(limiter.check(a, t0), Err(10));
        assert_eq!(limiter.check(b, t0), Ok(()), "addresses are independent");
        assert_eq!(limiter.check(a, t0 + Duration::from_secs(10)), Ok(()));
        assert!(limiter.check(a, t0 + Duration::from_secs(10)).is_err());
    }
}
