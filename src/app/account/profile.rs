//! The account's profile: names, the email address and phone number (each changed with a code
//! sent to the new one), and the password.

use crate::page_data::{Arg, t, t_with};
use leptos::either::Either;
use leptos::prelude::*;

use crate::app::components::{
    ActionForm, Field, FormAction, FormMessage, action_error, field_error, kept_value,
};
use crate::model::{AccountView, Contact};
use crate::server_fns::account::{
    ChangeEmail, ChangePassword, ChangePhone, ConfirmEmailChange, ConfirmPhoneChange, UpdateNames,
    VerifyPhone,
};

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
pub(super) fn NamesForm(first: String, last: String) -> impl IntoView {
    let action = FormAction::<UpdateNames>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <div class="row">
                <Field
                    label=t("field-first-name")
                    name="first_name"
                    autocomplete="given-name"
                    value=kept_value(error, "first_name", move || first.clone())
                    error=field_error(error, "first_name")
                />
                <Field
                    label=t("field-last-name")
                    name="last_name"
                    autocomplete="family-name"
                    value=kept_value(error, "last_name", move || last.clone())
                    error=field_error(error, "last_name")
                />
            </div>
            <button type="submit">{t("action-save-name")}</button>
        </ActionForm>
    }
}

fn verified(flag: bool) -> String {
    t(if flag {
        "contact-verified"
    } else {
        "contact-not-verified"
    })
}

/// The email or the phone section: the current value, a form for the code once a change is
/// pending, and the form asking for a change. The phone also offers to verify an unproven number.
#[component]
pub(super) fn ContactSection(kind: Contact, account: AccountView) -> impl IntoView {
    let (current, is_verified, pending) = match kind {
        Contact::Email => (
            account.user.email,
            account.user.email_verified,
            account.pending_email,
        ),
        Contact::Phone => (
            account.user.phone,
            account.user.phone_verified,
            account.pending_phone,
        ),
    };
    // Only the phone offers to verify an unproven number, ahead of any pending change.
    let verify_phone =
        (kind == Contact::Phone && !is_verified).then(|| view! { <VerifyPhoneForm /> });
    view! {
        <section aria-labelledby=kind.heading_id()>
            <h2 id=kind.heading_id()>{t(kind.title())}</h2>
            <p class="current">{current} " " {verified(is_verified)}</p>
            {verify_phone}
            {pending.map(|new_value| view! { <ConfirmContactForm kind new_value /> })}
            <ChangeContactForm kind />
        </section>
    }
}

/// Asks for a change of `kind`. The two server functions take different fields, so each kind
/// has its own action; the one not used costs nothing.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ChangeContactForm(kind: Contact) -> impl IntoView {
    let email = FormAction::<ChangeEmail>::new();
    let phone = FormAction::<ChangePhone>::new();
    let error = match kind {
        Contact::Email => action_error(email.value()),
        Contact::Phone => action_error(phone.value()),
    };
    let name = kind.name();
    let fields = view! {
        <FormMessage error />
        <Field
            label=t(kind.new_label())
            name=name
            form=name
            kind=kind.input_type()
            autocomplete=kind.autocomplete()
            hint=kind.hint().map(t)
            value=kept_value(error, name, String::new)
            error=field_error(error, name)
        />
        <button type="submit">{t(kind.change_button())}</button>
    };
    // `Either`, not `AnyView`: an `AnyView` brings every way of rendering into the WASM.
    match kind {
        Contact::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
        Contact::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form">
                {fields}
            </ActionForm>
        }),
    }
}

/// Confirms a pending change of `kind` to `new_value` with the code sent there.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn ConfirmContactForm(kind: Contact, new_value: String) -> impl IntoView {
    let email = FormAction::<ConfirmEmailChange>::new();
    let phone = FormAction::<ConfirmPhoneChange>::new();
    let error = match kind {
        Contact::Email => action_error(email.value()),
        Contact::Phone => action_error(phone.value()),
    };
    let fields = view! {
        <p>{t_with("contact-pending", &[("value", Arg::Text(new_value))])}</p>
        <FormMessage error />
        <Field
            label=t(kind.code_label())
            name="code"
            form=kind.code_form()
            autocomplete="one-time-code"
            inputmode="numeric"
            error=field_error(error, "code")
        />
        <button type="submit">{t(kind.confirm_button())}</button>
    };
    // `Either`, not `AnyView`: an `AnyView` brings every way of rendering into the WASM.
    match kind {
        Contact::Email => Either::Left(view! {
            <ActionForm action=email attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
        Contact::Phone => Either::Right(view! {
            <ActionForm action=phone attr:novalidate=true attr:class="form pending">
                {fields}
            </ActionForm>
        }),
    }
}

/// A number only counts once its owner proves it (a reset that first proved the mailbox
/// unverifies whatever number came before); the code goes to this number.
#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
fn VerifyPhoneForm() -> impl IntoView {
    let action = FormAction::<VerifyPhone>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:class="form">
            <FormMessage error />
            <button type="submit" class="secondary">{t("contact-verify-phone")}</button>
        </ActionForm>
    }
}

#[cfg_attr(not(login_bundle), island)]
#[cfg_attr(login_bundle, component)]
pub(super) fn PasswordForm() -> impl IntoView {
    let action = FormAction::<ChangePassword>::new();
    let error = action_error(action.value());
    view! {
        <ActionForm action=action attr:novalidate=true attr:class="form">
            <FormMessage error />
            <Field
                label=t("field-current-password")
                name="current_password"
                form="password"
                kind="password"
                autocomplete="current-password"
                error=field_error(error, "current_password")
            />
            <Field
                label=t("field-new-password")
                name="new_password"
                form="password"
                kind="password"
                autocomplete="new-password"
                hint=t("field-password-hint")
                error=field_error(error, "new_password")
            />
            <button type="submit">{t("action-change-password")}</button>
        </ActionForm>
    }
}
