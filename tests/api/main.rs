//! The integration tests, in one binary so `support` compiles once: the real server on a port
//! the test binds itself (port 0), a fresh database per test (SQLite, and PostgreSQL when one is
//! reachable), a real SMTP sink and SMS gateway. One module per subject.
#![cfg(feature = "ssr")]

#[macro_use]
mod support;

mod abuse;
mod account;
mod admin;
mod api_contract;
mod branding;
mod cli;
mod confirm;
mod credential_changes;
mod email_login;
mod instances;
mod languages;
mod login;
mod login_limits;
mod login_rules;
mod logs;
mod oidc;
mod outbox;
mod outbox_resilience;
mod pages;
mod passkeys;
mod pre_registration;
mod query_plans;
mod registration;
mod second_factor;
mod security;
mod sessions;
mod shutdown;
mod sms;
mod sms_outbox;
mod upstream;
