//! The operator's brand: one row, changed as a whole. Each change raises `version`, which
//! every instance polls to notice it without a restart.

use chrono::{DateTime, Utc};

use super::{AuditEntry, Result, Store};

/// The brand as stored: what `auth::Brand` was parsed into, with its version.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct BrandingRecord {
    pub product_name: String,
    pub support_url: Option<String>,
    pub support_email: Option<String>,
    pub privacy_url: Option<String>,
    pub terms_url: Option<String>,
    pub footer: Option<String>,
    /// `#rrggbb`.
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

const LOAD: &str = "SELECT product_name, support_url, support_email, privacy_url, terms_url, \
    footer, accent, accent_dark, version, updated_at FROM branding WHERE id = 1";

const VERSION: &str = "SELECT version FROM branding WHERE id = 1";

/// The first start's brand; any later start keeps the stored one.
const SEED: &str = "INSERT INTO branding (id, product_name, support_url, support_email, \
    privacy_url, terms_url, footer, accent, accent_dark, version, updated_at) \
    VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, 1, $9) ON CONFLICT (id) DO NOTHING";

const SAVE: &str = "INSERT INTO branding (id, product_name, support_url, support_email, \
    privacy_url, terms_url, footer, accent, accent_dark, version, updated_at) \
    VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, 1, $9) \
    ON CONFLICT (id) DO UPDATE SET product_name = $1, support_url = $2, support_email = $3, \
    privacy_url = $4, terms_url = $5, footer = $6, accent = $7, accent_dark = $8, \
    version = branding.version + 1, updated_at = $9 \
    RETURNING version";

macro_rules! bind_brand {
    ($query:expr, $record:expr) => {
        $query
            .bind(&$record.product_name)
            .bind(&$record.support_url)
            .bind(&$record.support_email)
            .bind(&$record.privacy_url)
            .bind(&$record.terms_url)
            .bind(&$record.footer)
            .bind(&$record.accent)
            .bind(&$record.accent_dark)
            .bind($record.updated_at)
    };
}

impl Store {
    pub async fn branding(&self) -> Result<Option<BrandingRecord>> {
        Ok(on_pool!(self, |pool| sqlx::query_as(LOAD)
            .fetch_optional(pool)
            .await)?)
    }

    /// The stored brand's version: one number, read every few seconds by every instance.
    pub async fn branding_version(&self) -> Result<Option<i64>> {
        let row: Option<(i64,)> = on_pool!(self, |pool| sqlx::query_as(VERSION)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|(v,)| v))
    }

    /// Stores `record` unless a brand is stored already.
    pub async fn seed_branding(&self, record: &BrandingRecord) -> Result<()> {
        on_pool!(self, |pool| bind_brand!(sqlx::query(SEED), record)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Replaces the brand, with its audit entry; returns the new version.
    pub async fn save_branding(&self, record: &BrandingRecord, audit: &AuditEntry) -> Result<i64> {
        let version = on_pool!(self, |pool| {
            let mut tx = pool.begin().await?;
            let (version,): (i64,) = bind_brand!(sqlx::query_as(SAVE), record)
                .fetch_one(&mut *tx)
                .await?;
            insert_audit!(&mut *tx, audit)?;
            tx.commit().await?;
            version
        });
        Ok(version)
    }
}
