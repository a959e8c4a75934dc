//! `/account`: who is logged in. Without a session the browser is sent to `/login`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::components::Card;
use crate::server_fns::login::current_user;

#[component]
pub fn AccountPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| current_user());
    view! {
        <Title text="Your account" />
        <Suspense fallback=|| view! { <Card title="Your account"><p>"Loading…"</p></Card> }>
            {move || {
                user.get()
                    .map(|result| match result {
                        Ok(Some(user)) => {
                            view! {
                                <Card title="Your account">
                                    <dl class="facts">
                                        <dt>"Name"</dt>
                                        <dd>{format!("{} {}", user.first_name, user.last_name)}</dd>
                                        <dt>"Email"</dt>
                                        <dd>
                                            {user.email.clone()}
                                            {if user.email_verified { " (verified)" } else { " (not verified)" }}
                                        </dd>
                                        <dt>"Phone"</dt>
                                        <dd>
                                            {user.phone.clone()}
                                            {if user.phone_verified { " (verified)" } else { " (not verified)" }}
                                        </dd>
                                    </dl>
                                </Card>
                            }
                                .into_any()
                        }
                        _ => view! { <Redirect path="/login" /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}
