//! A small SMTP client (RFC 5321) for the outbox: plain TCP to a relay, optional AUTH PLAIN, one
//! message per connection. Enough for a local or in-cluster relay (Postfix, a cloud provider's
//! relay sidecar); it speaks no TLS, so the relay must be on a trusted network. We write it by
//! hand because the `lettre` crate is not available in this build environment.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The default SMTP port.
const DEFAULT_PORT: u16 = 25;
/// How long any one step of the conversation may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest reply we read, so a misbehaving server cannot make us buffer forever.
const MAX_REPLY_LINES: usize = 64;

/// Where and how to send: from `smtp://[user[:password]@]host[:port]`.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    credentials: Option<(String, String)>,
    /// The name we greet the server with (EHLO).
    pub hello_name: String,
    pub step_timeout: Duration,
}

impl std::fmt::Debug for SmtpConfig {
    // Never print the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("authenticated", &self.credentials.is_some())
            .finish()
    }
}

impl SmtpConfig {
    pub fn parse(url: &str) -> Result<SmtpConfig, String> {
        let rest = url.strip_prefix("smtp://").ok_or_else(|| {
            "the SMTP URL must start with smtp:// (TLS is not supported)".to_string()
        })?;
        let rest = rest.trim_end_matches('/');
        let (credentials, hostport) = match rest.rsplit_once('@') {
            Some((userinfo, hostport)) => {
                let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                (Some((user.to_string(), password.to_string())), hostport)
            }
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| "the SMTP port is not a number".to_string())?,
            ),
            None => (hostport, DEFAULT_PORT),
        };
        if host.is_empty() {
            return Err("the SMTP URL has no host".into());
        }
        Ok(SmtpConfig {
            host: host.to_string(),
            port,
            credentials,
            hello_name: "sportello-lavoro".into(),
            step_timeout: STEP_TIMEOUT,
        })
    }
}

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpError {
    #[error("connection problem: {0}")]
    Io(String),
    #[error("the server took too long")]
    Timeout,
    /// The server's reply code and first line.
    #[error("server replied {code}: {text}")]
    Reply { code: u16, text: String },
    #[error("the server's reply was malformed")]
    Protocol,
}

impl SmtpError {
    /// A 5xx reply: trying again will not help.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SmtpError::Reply { code, .. } if (500..600).contains(code))
    }
}

struct Conversation {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
    timeout: Duration,
}

impl Conversation {
    async fn reply(&mut self) -> Result<(u16, String), SmtpError> {
        let mut first = None;
        for _ in 0..MAX_REPLY_LINES {
            let mut line = String::new();
            let read = tokio::time::timeout(self.timeout, self.reader.read_line(&mut line))
                .await
                .map_err(|_| SmtpError::Timeout)?
                .map_err(|e| SmtpError::Io(e.kind().to_string()))?;
            if read == 0 {
                return Err(SmtpError::Io("connection closed".into()));
            }
            let line = line.trim_end();
            let code = line
                .get(..3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or(SmtpError::Protocol)?;
            let text = line.get(4..).unwrap_or("").to_string();
            first.get_or_insert((code, text));
            // "250-..." continues, "250 ..." (or a bare "250") ends the reply.
            if line.as_bytes().get(3) != Some(&b'-') {
                return first.ok_or(SmtpError::Protocol);
            }
        }
        Err(SmtpError::Protocol)
    }

    async fn expect(&mut self, ok: &[u16]) -> Result<(), SmtpError> {
        let (code, text) = self.reply().await?;
        if ok.contains(&code) {
            Ok(())
        } else {
            Err(SmtpError::Reply {
                code,
                text: text.chars().take(120).collect(),
            })
        }
    }

    async fn send(&mut self, data: &str) -> Result<(), SmtpError> {
        tokio::time::timeout(self.timeout, self.writer.write_all(data.as_bytes()))
            .await
            .map_err(|_| SmtpError::Timeout)?
            .map_err(|e| SmtpError::Io(e.kind().to_string()))
    }

    async fn command(&mut self, line: &str, ok: &[u16]) -> Result<(), SmtpError> {
        self.send(&format!("{line}\r\n")).await?;
        self.expect(ok).await
    }
}

/// Dot-stuffs a message (RFC 5321 §4.5.2) and normalises its line ends to CRLF.
pub fn dot_stuff(message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    for line in message.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out
}

/// Sends one message (headers and body, already composed) from `from` to `to`.
pub async fn send_mail(
    config: &SmtpConfig,
    from: &str,
    to: &str,
    message: &str,
) -> Result<(), SmtpError> {
    let stream = tokio::time::timeout(
        config.step_timeout,
        TcpStream::connect((config.host.as_str(), config.port)),
    )
    .await
    .map_err(|_| SmtpError::Timeout)?
    .map_err(|e| SmtpError::Io(e.kind().to_string()))?;
    let (read, writer) = stream.into_split();
    let mut c = Conversation {
        reader: BufReader::new(read),
        writer,
        timeout: config.step_timeout,
    };
    c.expect(&[220]).await?;
    c.command(&format!("EHLO {}", config.hello_name), &[250])
        .await?;
    if let Some((user, password)) = &config.credentials {
        let token = STANDARD.encode(format!("\0{user}\0{password}"));
        c.command(&format!("AUTH PLAIN {token}"), &[235]).await?;
    }
    c.command(&format!("MAIL FROM:<{from}>"), &[250]).await?;
    c.command(&format!("RCPT TO:<{to}>"), &[250, 251]).await?;
    c.command("DATA", &[354]).await?;
    let mut body = dot_stuff(message.trim_end_matches(['\r', '\n']));
    body.push_str(".\r\n");
    c.send(&body).await?;
    c.expect(&[250]).await?;
    // The message is accepted; a failed QUIT changes nothing.
    let _ = c.command("QUIT", &[221]).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_smtp_urls_and_hides_the_password() {
        let c = SmtpConfig::parse("smtp://user:s3cret@relay.local:2525").expect("url");
        assert_eq!((c.host.as_str(), c.port), ("relay.local", 2525));
        assert!(!format!("{c:?}").contains("s3cret"));
        assert_eq!(SmtpConfig::parse("smtp://relay").expect("url").port, 25);
        assert!(SmtpConfig::parse("smtps://relay").is_err());
        assert!(SmtpConfig::parse("smtp://:25").is_err());
    }

    #[test]
    fn dot_stuffs_lines_and_uses_crlf() {
        assert_eq!(dot_stuff("a\n.b\r\n..c"), "a\r\n..b\r\n...c\r\n");
    }

    #[test]
    fn only_5xx_replies_are_permanent() {
        let reply = |code| SmtpError::Reply {
            code,
            text: String::new(),
        };
        assert!(reply(550).is_permanent());
        assert!(!reply(451).is_permanent());
        assert!(!SmtpError::Timeout.is_permanent());
    }
}
