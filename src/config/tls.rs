//! TLS settings as MySQL users write them: `ssl-mode` with the MySQL client's five values and
//! meanings, and the `ssl-ca`, `ssl-cert`, `ssl-key` files.
//!
//! | ssl-mode          | encrypted                         | server certificate checked              |
//! |-------------------|-----------------------------------|-----------------------------------------|
//! | `DISABLED`        | never                             | -                                       |
//! | `PREFERRED` (default) | when the server offers TLS    | no                                      |
//! | `REQUIRED`        | always, or no connection          | no                                      |
//! | `VERIFY_CA`       | always                            | signed by `ssl-ca` (or a public root CA) |
//! | `VERIFY_IDENTITY` | always                            | as VERIFY_CA, and issued for the host   |
//!
//! As with the MySQL client, giving `ssl-ca` without `ssl-mode` means `VERIFY_CA`. A Unix
//! socket is never encrypted and needs no TLS: every mode but `VERIFY_CA`/`VERIFY_IDENTITY`
//! accepts it (those two refuse a socket, since there is no certificate to check).
//! Values also accepted: the lower-case and dashed spellings (`verify-ca`), and those of
//! libpq/Prisma-style URLs: `disable`, `prefer`, `require`, `verify-full`.

use super::*;

/// The MySQL client's `--ssl-mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SslMode {
    Disabled,
    #[default]
    Preferred,
    Required,
    VerifyCa,
    VerifyIdentity,
}

impl SslMode {
    /// Parses `REQUIRED`, `required`, `verify-ca`, `verify_identity`, `require`, `verify-full`...
    pub fn parse(value: &str) -> Option<SslMode> {
        match value.trim().to_ascii_uppercase().replace('-', "_").as_str() {
            "DISABLED" | "DISABLE" | "FALSE" | "OFF" | "0" => Some(SslMode::Disabled),
            "PREFERRED" | "PREFER" => Some(SslMode::Preferred),
            "REQUIRED" | "REQUIRE" => Some(SslMode::Required),
            "VERIFY_CA" => Some(SslMode::VerifyCa),
            "VERIFY_IDENTITY" | "VERIFY_FULL" => Some(SslMode::VerifyIdentity),
            _ => None,
        }
    }

    /// The MySQL spelling, `VERIFY_CA`.
    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disabled => "DISABLED",
            SslMode::Preferred => "PREFERRED",
            SslMode::Required => "REQUIRED",
            SslMode::VerifyCa => "VERIFY_CA",
            SslMode::VerifyIdentity => "VERIFY_IDENTITY",
        }
    }

    /// Whether the server's certificate must chain to a trusted CA.
    pub fn verifies(self) -> bool {
        matches!(self, SslMode::VerifyCa | SslMode::VerifyIdentity)
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The validated TLS settings: files exist and are readable, a certificate comes with its key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsSettings {
    pub mode: SslMode,
    /// PEM (or DER) file of the CA certificate(s) to trust, besides the public root CAs.
    pub ca: Option<PathBuf>,
    /// Client certificate (PEM) and its private key, for accounts that `REQUIRE X509`.
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// TLS values as found in one place (URL parameters, or the DB_SSL_* variables of one source).
#[derive(Clone, Debug, Default)]
pub(super) struct TlsInput {
    pub(super) mode: Option<(Setting, String)>,
    pub(super) ca: Option<(Setting, String)>,
    pub(super) cert: Option<(Setting, String)>,
    pub(super) key: Option<(Setting, String)>,
}

impl TlsInput {
    /// Fills what `self` lacks from `lower`.
    pub(super) fn or(self, lower: TlsInput) -> TlsInput {
        TlsInput {
            mode: self.mode.or(lower.mode),
            ca: self.ca.or(lower.ca),
            cert: self.cert.or(lower.cert),
            key: self.key.or(lower.key),
        }
    }

    pub(super) fn validate(self) -> Result<TlsSettings, ConfigError> {
        let explicit = match self.mode {
            Some((setting, value)) => match SslMode::parse(&value) {
                Some(mode) => Some(mode),
                None => return Err(ConfigError::SslMode { setting, value }),
            },
            None => None,
        };
        let file = |entry: Option<(Setting, String)>| -> Result<Option<PathBuf>, ConfigError> {
            let Some((setting, value)) = entry else { return Ok(None) };
            let path = PathBuf::from(value);
            match std::fs::File::open(&path) {
                Ok(_) => Ok(Some(path)),
                Err(source) => Err(ConfigError::SslFile { setting, path, source }),
            }
        };
        let (cert_setting, key_setting) =
            (self.cert.as_ref().map(|c| c.0.clone()), self.key.as_ref().map(|k| k.0.clone()));
        let (ca, cert, key) = (file(self.ca)?, file(self.cert)?, file(self.key)?);
        match (cert_setting, key_setting) {
            (Some(setting), None) => return Err(ConfigError::SslPair { setting, missing: "ssl-key" }),
            (None, Some(setting)) => return Err(ConfigError::SslPair { setting, missing: "ssl-cert" }),
            _ => {}
        }
        let mode = match (explicit, &ca) {
            (Some(mode), _) => mode,
            (None, Some(_)) => SslMode::VerifyCa,
            (None, None) => SslMode::Preferred,
        };
        if ca.is_some() && matches!(mode, SslMode::Preferred | SslMode::Required) {
            log::info!("ssl-ca is given but ssl-mode={mode} does not check the server's certificate; use VERIFY_CA or VERIFY_IDENTITY to check it");
        }
        Ok(TlsSettings { mode, ca, cert, key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_in_every_common_spelling() {
        for (text, mode) in [
            ("DISABLED", SslMode::Disabled),
            ("disable", SslMode::Disabled),
            ("false", SslMode::Disabled),
            ("preferred", SslMode::Preferred),
            ("prefer", SslMode::Preferred),
            ("REQUIRED", SslMode::Required),
            ("require", SslMode::Required),
            ("verify-ca", SslMode::VerifyCa),
            ("VERIFY_CA", SslMode::VerifyCa),
            ("verify_identity", SslMode::VerifyIdentity),
            ("verify-full", SslMode::VerifyIdentity),
        ] {
            assert_eq!(SslMode::parse(text), Some(mode), "{text}");
        }
        assert_eq!(SslMode::parse("yes please"), None);
        assert_eq!(SslMode::default(), SslMode::Preferred);
    }
}
