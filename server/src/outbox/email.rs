//! An outbox row as an e-mail: Italian first, then English (we do not know the reader's language),
//! plain text, base64 body, RFC 2047 subject. No personal data beyond the notification's own facts.

use super::OutboxConfig;
use app::domain::civil::civil_from_days;
use app::domain::session_policy::Timestamp;
use app::i18n::Locale;
use app::store::outbox::ClaimedMessage;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Base64 lines are at most 76 characters (RFC 2045).
const BASE64_LINE: usize = 76;

/// Whether `address` can safely go into an SMTP command and a header: one `@`, no spaces, no
/// angle brackets, no control characters (no header or command injection).
pub fn plausible_address(address: &str) -> bool {
    let mut parts = address.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && address.len() <= 254
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
}

/// RFC 5322 date: `Fri, 27 Nov 2026 08:00:00 +0000`.
pub fn rfc5322_date(t: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ms = t.unix_millis();
    let days = ms.div_euclid(86_400_000);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS[usize::try_from((days + 3).rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)];
    format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} +0000",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The whole message: headers, blank line, body.
pub fn compose(
    config: &OutboxConfig,
    message: &ClaimedMessage,
    to: &str,
    now: Timestamp,
) -> String {
    let it = Locale::It.messages().appointments;
    let en = Locale::En.messages().appointments;
    let link = format!("{}{}", config.public_origin, message.link);
    let subject = (it.notification)(&message.kind, &message.params);
    let body = format!(
        "{}\n\n----\n\n{}\n",
        (it.email_body)(&subject, &link),
        (en.email_body)(&(en.notification)(&message.kind, &message.params), &link)
    );
    let encoded = STANDARD.encode(body.as_bytes());
    let wrapped = encoded
        .as_bytes()
        .chunks(BASE64_LINE)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n");
    format!(
        "From: Sportello Lavoro <{from}>\r\n\
         To: <{to}>\r\n\
         Subject: =?UTF-8?B?{subject}?=\r\n\
         Date: {date}\r\n\
         Message-ID: {id}\r\n\
         Auto-Submitted: auto-generated\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         {wrapped}\r\n",
        from = config.mail_from,
        subject = STANDARD.encode(subject.as_bytes()),
        date = rfc5322_date(now),
        id = message.message_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_addresses_that_could_inject_commands_or_headers() {
        assert!(plausible_address("mario.rossi@example.it"));
        for bad in [
            "",
            "no-at.example.it",
            "a@b@c.it",
            "a@localhost",
            "x@y.it>\r\nRCPT TO:<z@w.it",
            "a b@c.it",
        ] {
            assert!(!plausible_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn writes_rfc5322_dates() {
        let t = Timestamp::parse_iso("2026-11-27T08:05:09.000Z").expect("instant");
        assert_eq!(rfc5322_date(t), "Fri, 27 Nov 2026 08:05:09 +0000");
    }
}
