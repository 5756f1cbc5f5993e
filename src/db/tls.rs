//! Turning [`TlsSettings`] into the driver's TLS options, and connecting with them: under
//! `PREFERRED` a server that offers no TLS is connected to without it (as the MySQL client
//! does); every other failure stands. The transport used is recorded on the settings.

use crate::config::{Settings, SslMode, TlsSettings, Transport};
use mysql::{ClientIdentity, Conn, OptsBuilder, SslOpts};

/// The driver's TLS options for `tls`; `None` under `DISABLED`.
pub fn ssl_opts(tls: &TlsSettings) -> Option<SslOpts> {
    if tls.mode == SslMode::Disabled {
        return None;
    }
    let mut opts = SslOpts::default()
        .with_root_cert_path(tls.ca.clone())
        .with_danger_accept_invalid_certs(!tls.mode.verifies())
        .with_danger_skip_domain_validation(tls.mode != SslMode::VerifyIdentity);
    if let (Some(cert), Some(key)) = (&tls.cert, &tls.key) {
        opts = opts.with_client_identity(Some(ClientIdentity::new(cert.clone(), key.clone())));
    }
    Some(opts)
}

/// One connection attempt with `builder` (host, user, database already set) and the TLS the
/// settings ask for; records how the connection travels (or would have, had it succeeded).
pub fn attempt(settings: &Settings, builder: OptsBuilder) -> mysql::Result<Conn> {
    // Under PREFERRED, a server found without TLS is not asked again by later connections.
    let known_plain = settings.transport.lock().is_ok_and(|t| *t == Some(Transport::Plain(SslMode::Preferred)));
    let tls = match settings.socket {
        Some(_) => None,
        None if known_plain => None,
        None => ssl_opts(&settings.tls),
    };
    let (result, transport) = match tls {
        None if settings.socket.is_some() => (Conn::new(builder), Transport::Socket),
        None if known_plain => (Conn::new(builder), Transport::Plain(SslMode::Preferred)),
        None => (Conn::new(builder), Transport::Plain(SslMode::Disabled)),
        Some(opts) => match Conn::new(builder.clone().ssl_opts(opts)) {
            Err(mysql::Error::DriverError(mysql::DriverError::TlsNotSupported))
                if settings.tls.mode == SslMode::Preferred =>
            {
                log::debug!(
                    "the server at {} offers no TLS; connecting unencrypted (ssl-mode=PREFERRED)",
                    settings.redacted_url()
                );
                (Conn::new(builder), Transport::Plain(SslMode::Preferred))
            }
            other => (other, Transport::Encrypted(settings.tls.mode)),
        },
    };
    if let Ok(mut slot) = settings.transport.lock() {
        *slot = Some(transport);
    }
    result
}
