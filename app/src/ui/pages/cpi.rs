use super::error_page::ErrorPage;
use crate::api::cpi::list_cpis;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_meta::Title;

/// The CPI offices, read from the database. Rendered before the first byte (`SsrMode::Async`), so a
/// database failure gives a real 500 with the error page.
#[component]
pub fn CpiPage() -> impl IntoView {
    let t = use_i18n();
    let cpis = Resource::new(|| (), |_| list_cpis());
    view! {
        <Title text=t.cpi_title />
        <h1>{t.cpi_title}</h1>
        <p class="lead">{t.cpi_intro}</p>
        <Suspense fallback=move || view! { <p aria-busy="true">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match cpis.await {
                    Ok(list) if list.is_empty() => view! { <p>{t.cpi_none}</p> }.into_any(),
                    Ok(list) => {
                        view! {
                            <ul class="cpi-list">
                                {list
                                    .into_iter()
                                    .map(|c| {
                                        let tel = format!("tel:{}", c.phone.replace(' ', ""));
                                        let mail = format!("mailto:{}", c.email);
                                        view! {
                                            <li class="card cpi-card">
                                                <div class="card-body">
                                                    <h2 class="card-title h4">{c.name}</h2>
                                                    <dl>
                                                        <dt>{t.cpi_address}</dt>
                                                        <dd>{c.address}", "{c.comune}</dd>
                                                        <dt>{t.cpi_phone}</dt>
                                                        <dd><a href=tel>{c.phone}</a></dd>
                                                        <dt>{t.cpi_email}</dt>
                                                        <dd><a href=mail>{c.email}</a></dd>
                                                    </dl>
                                                </div>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorPage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
